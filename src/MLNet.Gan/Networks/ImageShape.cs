namespace MLNet.Gan.Networks;

/// <summary>The shape of one image as the networks see it: channels, height, width.</summary>
/// <param name="Channels">1 (gray) or 3 (RGB).</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Width">Width in pixels.</param>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Values per image (C*H*W).</summary>
    public int Size => Channels * Height * Width;

    /// <summary>The tensor shape of a batch of <paramref name="batch"/> images.</summary>
    public long[] BatchShape(long batch) => new[] { batch, Channels, (long)Height, Width };

    /// <inheritdoc/>
    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
