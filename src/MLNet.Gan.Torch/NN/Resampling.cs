// Parameter-free layers that change the spatial size of (B, C, H, W): upsampling, pixel shuffle, padding.
namespace MLNet.Gan.Torch.NN;

/// <summary>
/// Resizes (B, C, H, W) by a scale factor, (B, C, floor(H·s), floor(W·s)), or to a fixed size — the first half
/// of a "resize-convolution" generator block (upsample then Conv2d), which avoids the checkerboard
/// artefacts of transposed convolutions.
/// </summary>
public sealed class Upsample : Module
{
    private readonly double? _scale;
    private readonly (long Height, long Width)? _size;

    /// <summary>Scales height and width by <paramref name="scaleFactor"/>.</summary>
    public Upsample(double scaleFactor, UpsampleMode mode = UpsampleMode.Nearest)
    {
        if (!(scaleFactor > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(scaleFactor), scaleFactor, "scale factor must be positive");
        }

        _scale = scaleFactor;
        Mode = mode;
    }

    /// <summary>Resizes to <paramref name="height"/> × <paramref name="width"/>.</summary>
    public Upsample(long height, long width, UpsampleMode mode = UpsampleMode.Nearest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        _size = (height, width);
        Mode = mode;
    }

    /// <summary>How new pixels are filled.</summary>
    public UpsampleMode Mode { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => _scale is double s
        ? Functional.Upsample(input, s, Mode)
        : Functional.Upsample(input, _size!.Value.Height, _size.Value.Width, Mode);
}

/// <summary>Rearranges (B, C·r², H, W) -> (B, C, H·r, W·r): sub-pixel upsampling after a convolution.</summary>
public sealed class PixelShuffle : Module
{
    /// <summary>Creates the layer with upscale factor <paramref name="upscaleFactor"/> (r).</summary>
    public PixelShuffle(long upscaleFactor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(upscaleFactor, 1);
        UpscaleFactor = upscaleFactor;
    }

    /// <summary>The factor r.</summary>
    public long UpscaleFactor { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.PixelShuffle(input, UpscaleFactor);
}

/// <summary>Rearranges (B, C, H·r, W·r) -> (B, C·r², H, W), the inverse of <see cref="PixelShuffle"/>.</summary>
public sealed class PixelUnshuffle : Module
{
    /// <summary>Creates the layer with downscale factor <paramref name="downscaleFactor"/> (r).</summary>
    public PixelUnshuffle(long downscaleFactor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(downscaleFactor, 1);
        DownscaleFactor = downscaleFactor;
    }

    /// <summary>The factor r.</summary>
    public long DownscaleFactor { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.PixelUnshuffle(input, DownscaleFactor);
}

/// <summary>
/// Pads (B, C, H, W) on every side by <see cref="Padding"/> pixels: (B, C, H + 2p, W + 2p), by reflection,
/// edge replication or a constant — e.g. reflection padding before a convolution in image-to-image generators.
/// </summary>
public sealed class Pad2d : Module
{
    /// <summary>Creates the layer.</summary>
    public Pad2d(long padding, PadMode mode = PadMode.Reflect, double value = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        Padding = padding;
        Mode = mode;
        Value = value;
    }

    /// <summary>Pixels added on each side.</summary>
    public long Padding { get; }

    /// <summary>How the border is filled.</summary>
    public PadMode Mode { get; }

    /// <summary>The fill value for <see cref="PadMode.Constant"/>.</summary>
    public double Value { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) =>
        Functional.Pad(input, new[] { Padding, Padding, Padding, Padding }, Mode, Value);
}
