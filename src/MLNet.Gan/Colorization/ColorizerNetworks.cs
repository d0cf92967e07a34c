// The pix2pix pair for colorization: a U-Net that maps luma to chroma with skip connections at every scale, and a
// conditional PatchGAN that judges (luma, chroma) patches as real or generated.
using TorchSharp;
using TorchSharp.Modules;
using MLNet.Gan.Networks;
using static TorchSharp.torch;

namespace MLNet.Gan.Colorization;

/// <summary>
/// U-Net generator (Ronneberger et al. 2015, as in pix2pix): <c>Depth</c> 4x4 stride-2 convolutions down to
/// (B, C, S / 2^Depth, S / 2^Depth), as many transposed convolutions back up, each decoder level concatenated with the
/// encoder level of its size. Input: luma (B, 1, S, S) in [-1, 1]; output: chroma U, V (B, 2, S, S) in [-1, 1] (tanh).
/// </summary>
public sealed class UNetGenerator : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> down;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> up;

    /// <summary>Builds the U-Net for square images of side <paramref name="imageSize"/>.</summary>
    /// <param name="imageSize">Side of the images; divisible by 2^<paramref name="depth"/>.</param>
    /// <param name="depth">Down-sampling levels (at least 2).</param>
    /// <param name="width">Channels of the first level; each level doubles them, up to 8 x width.</param>
    public UNetGenerator(int imageSize, int depth, int width)
        : base(nameof(UNetGenerator))
    {
        CheckLayout(imageSize, depth);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var channels = Enumerable.Range(0, depth).Select(i => (long)width << Math.Min(i, 3)).ToArray();
        var downs = new List<nn.Module<Tensor, Tensor>>();
        for (var i = 0; i < depth; i++)
        {
            // (B, c[i-1], s, s) -> (B, c[i], s/2, s/2); no norm on the first level, as in pix2pix
            var conv = new MixedConv2d(i == 0 ? 1 : channels[i - 1], channels[i], 4, stride: 2, padding: 1, hasBias: i == 0);
            downs.Add(i == 0 ? conv : nn.Sequential(nn.LeakyReLU(0.2), conv, nn.BatchNorm2d(channels[i])));
        }

        var ups = new List<nn.Module<Tensor, Tensor>>();
        for (var i = depth - 1; i >= 1; i--)
        {
            // (B, c[i] (x2 with the skip, except at the bottom), s, s) -> (B, c[i-1], 2s, 2s)
            var inChannels = i == depth - 1 ? channels[i] : 2 * channels[i];
            ups.Add(nn.Sequential(nn.ReLU(), new MixedConvTranspose2d(inChannels, channels[i - 1], 4, stride: 2, padding: 1, hasBias: false), nn.BatchNorm2d(channels[i - 1])));
        }

        // (B, 2 c[0], S/2, S/2) -> (B, 2, S, S)
        ups.Add(nn.Sequential(nn.ReLU(), new MixedConvTranspose2d(2 * channels[0], 2, 4, stride: 2, padding: 1), nn.Tanh()));
        down = nn.ModuleList(downs.ToArray());
        up = nn.ModuleList(ups.ToArray());
        RegisterComponents();
        Layers.DcganInit(this);
    }

    /// <summary>Fails with the rule when <paramref name="imageSize"/> cannot be halved <paramref name="depth"/> times.</summary>
    public static void CheckLayout(int imageSize, int depth)
    {
        if (depth < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "option UNetDepth must be at least 2");
        }

        if (imageSize < 4 || imageSize % (1 << depth) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize,
                $"option ImageSize must be a multiple of 2^UNetDepth = {1 << depth} (the U-Net halves it {depth} times)");
        }
    }

    /// <summary>Moves the weights to <paramref name="device"/> and returns this U-Net.</summary>
    public UNetGenerator MoveTo(Device device)
    {
        _ = this.to(device);
        return this;
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor luma)
    {
        var skips = new List<Tensor>();
        var x = luma;
        foreach (var d in down)
        {
            x = d.call(x);
            skips.Add(x);
        }

        for (var i = 0; i < up.Count; i++)
        {
            // the bottom level goes up alone; each later one with the encoder output of the same size
            // (in mixed precision a narrow level computes in float32, so the skip takes x's dtype)
            var input = i == 0 ? x : cat(new[] { x, MixedPrecisionLayer.Cast(skips[skips.Count - 1 - i], x.dtype) }, 1);
            x = up[i].call(input);
        }

        return x;
    }
}

/// <summary>
/// Conditional PatchGAN discriminator: (luma, chroma) as (B, 3, S, S) through <c>layers</c> 4x4 stride-2 convolutions,
/// one stride-1 convolution and a 1-channel stride-1 output: a logit per patch (B, 1, h, w). Receptive field 16, 34
/// and 70 px for 1, 2 and 3 layers (pix2pix's 70x70 PatchGAN is 3).
/// </summary>
public sealed class PatchDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential body;

    /// <summary>Builds the discriminator.</summary>
    /// <param name="layers">Stride-2 layers (1 to 4).</param>
    /// <param name="width">Channels of the first layer; each layer doubles them, up to 8 x width.</param>
    public PatchDiscriminator(int layers, int width)
        : base(nameof(PatchDiscriminator))
    {
        if (layers is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(layers), layers, "option PatchLayers must be 1 to 4");
        }

        var modules = new List<nn.Module<Tensor, Tensor>> { new MixedConv2d(3, width, 4, stride: 2, padding: 1), nn.LeakyReLU(0.2) };
        long channels = width;
        for (var i = 1; i <= layers; i++)
        {
            // stride 2 for the first `layers` convolutions (halving), then one stride-1 convolution
            var next = (long)width << Math.Min(i, 3);
            modules.Add(new MixedConv2d(channels, next, 4, stride: i < layers ? 2 : 1, padding: 1, hasBias: false));
            modules.Add(nn.BatchNorm2d(next));
            modules.Add(nn.LeakyReLU(0.2));
            channels = next;
        }

        modules.Add(new MixedConv2d(channels, 1, 4, stride: 1, padding: 1)); // (B, 1, h, w) logits
        body = nn.Sequential(modules);
        RegisterComponents();
        Layers.DcganInit(this);
    }

    /// <summary>Side in pixels of the input patch each output logit sees.</summary>
    public static int ReceptiveField(int layers)
    {
        // back from the output: two stride-1 4x4 convolutions, then `layers` stride-2 4x4 ones
        var field = 1 + 3 + 3;
        for (var i = 0; i < layers; i++)
        {
            field = (field * 2) + 2;
        }

        return field;
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor lumaAndChroma) => body.call(lumaAndChroma);
}
