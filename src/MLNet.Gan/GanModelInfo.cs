// What a fitted GAN model is: its networks' shape, classes and columns; stored in the model file's manifest.
using MLNet.Gan.Networks;
using MLNet.Gan.Training;

namespace MLNet.Gan;

/// <summary>How the generated column is represented.</summary>
public enum GeneratedValueKind
{
    /// <summary>An image column of <see cref="Data.MLImage"/> values.</summary>
    Image,

    /// <summary>A float vector (C*H*W, CHW order) in the value range of the training column.</summary>
    Vector,
}

/// <summary>Describes a trained generator; saved as the options of the model file component.</summary>
public sealed class GanModelInfo
{
    /// <summary>The network family the generator was built with.</summary>
    public GanArchitecture Architecture { get; set; }

    /// <summary>Width multiplier of the networks.</summary>
    public int Width { get; set; }

    /// <summary>Size of z.</summary>
    public int LatentSize { get; set; }

    /// <summary>Image channels.</summary>
    public int Channels { get; set; }

    /// <summary>Image height.</summary>
    public int Height { get; set; }

    /// <summary>Image width.</summary>
    public int ImageWidth { get; set; }

    /// <summary>Class names of a conditional model (empty for an unconditional one).</summary>
    public string[] ClassNames { get; set; } = Array.Empty<string>();

    /// <summary>The training label column (null for an unconditional model).</summary>
    public string? LabelColumnName { get; set; }

    /// <summary>The training image column; synthetic rows fill it.</summary>
    public string ImageColumnName { get; set; } = "Image";

    /// <summary>The column the transformer appends.</summary>
    public string OutputColumnName { get; set; } = "GeneratedImage";

    /// <summary>Optional per-row seed column.</summary>
    public string? SeedColumnName { get; set; }

    /// <summary>How generated values are represented (like the training column).</summary>
    public GeneratedValueKind ValueKind { get; set; }

    /// <summary>For vector columns: true when values are in [0, 1], false for [-1, 1].</summary>
    public bool VectorZeroToOne { get; set; }

    /// <summary>For vector columns: the dimensions of the training column.</summary>
    public int[] VectorDimensions { get; set; } = Array.Empty<int>();

    /// <summary>The loss it was trained with.</summary>
    public GanLoss Loss { get; set; }

    /// <summary>Generator steps trained.</summary>
    public long Steps { get; set; }

    /// <summary>True when generation uses the moving average of generator weights.</summary>
    public bool UsesMovingAverage { get; set; }

    /// <summary>Name of a custom generator factory registered with <see cref="GanTransformer.RegisterGenerator"/>, or null for a built-in network.</summary>
    public string? CustomGenerator { get; set; }

    /// <summary>True for a conditional model.</summary>
    public bool IsConditional => ClassNames.Length > 0;

    /// <summary>The image shape.</summary>
    public ImageShape Shape => new(Channels, Height, ImageWidth);
}
