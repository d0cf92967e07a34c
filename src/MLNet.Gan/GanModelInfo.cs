// What a fitted GAN model is: its networks' shape, classes and columns; stored in the model file's manifest.
using MLNet.Gan.Networks;
using MLNet.Gan.Training;

namespace MLNet.Gan;

/// <summary>What the generated column holds.</summary>
public enum GeneratedValueKind
{
    /// <summary>An image (<see cref="Microsoft.ML.Data.MLImage"/>), like an image training column.</summary>
    Image,

    /// <summary>A Single vector, like a vector training column (same dimensions and scale).</summary>
    Vector,
}

/// <summary>Describes a trained GAN: everything needed to rebuild its generator and use it in a pipeline.</summary>
public sealed class GanModelInfo
{
    /// <summary>Network family of the built-in generator.</summary>
    public GanArchitecture Architecture { get; set; }

    /// <summary>Width multiplier of the built-in networks.</summary>
    public int Width { get; set; }

    /// <summary>Size of z.</summary>
    public int LatentSize { get; set; }

    /// <summary>Image channels (1 or 3).</summary>
    public int Channels { get; set; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; set; }

    /// <summary>Image width in pixels.</summary>
    public int ImageWidth { get; set; }

    /// <summary>Class names of a conditional model, in key order; empty for an unconditional one.</summary>
    public string[] ClassNames { get; set; } = Array.Empty<string>();

    /// <summary>The key-typed label column a conditional model reads.</summary>
    public string? LabelColumnName { get; set; }

    /// <summary>The training image column.</summary>
    public string ImageColumnName { get; set; } = "Image";

    /// <summary>The column the transformer appends.</summary>
    public string OutputColumnName { get; set; } = "GeneratedImage";

    /// <summary>Optional Int32/Int64 column of per-row seeds.</summary>
    public string? SeedColumnName { get; set; }

    /// <summary>Whether the generated column holds images or vectors.</summary>
    public GeneratedValueKind ValueKind { get; set; }

    /// <summary>For vector columns: the range the values were in, and generated values come back in.</summary>
    public PixelScale VectorScale { get; set; }

    /// <summary>For vector columns: the training column's dimensions.</summary>
    public int[] VectorDimensions { get; set; } = Array.Empty<int>();

    /// <summary>The adversarial loss it was trained with.</summary>
    public GanLoss Loss { get; set; }

    /// <summary>The precision training computed in (<see cref="GanPrecision.Float32"/> or <see cref="GanPrecision.BFloat16"/>); the saved weights are float32 either way.</summary>
    public GanPrecision Precision { get; set; } = GanPrecision.Float32;

    /// <summary>Generator steps trained.</summary>
    public long Steps { get; set; }

    /// <summary>True when the saved generator is the moving average of the trained one.</summary>
    public bool UsesMovingAverage { get; set; }

    /// <summary>Name a custom generator factory was registered under, or null for the built-in one.</summary>
    public string? CustomGenerator { get; set; }

    /// <summary>True when images are generated for a class.</summary>
    public bool IsConditional => ClassNames.Length > 0;

    /// <summary>The image shape (C, H, W).</summary>
    public ImageShape Shape => new(Channels, Height, ImageWidth);
}
