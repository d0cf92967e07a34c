// ResizeImages: resizes an image column to a fixed size (stretch, isotropic crop or isotropic pad).
namespace MLNet.Gan.Data;

/// <summary>Resizes the images of a column to one size.</summary>
public sealed partial class ImageResizingEstimator
{
    /// <summary>How an image reaches the target size.</summary>
    public enum ResizingKind : byte
    {
        /// <summary>Keep proportions, scale the whole image inside the target and pad the rest with zeros.</summary>
        IsoPad = 0,

        /// <summary>Keep proportions, fill the target and crop what sticks out.</summary>
        IsoCrop = 1,

        /// <summary>Stretch the whole image to the target, changing proportions if they differ.</summary>
        Fill = 2,
    }

    /// <summary>Where the kept region (IsoCrop) or the scaled image (IsoPad) sits.</summary>
    public enum Anchor : byte
    {
        /// <summary>Right edge.</summary>
        Right = 0,

        /// <summary>Left edge.</summary>
        Left = 1,

        /// <summary>Top edge.</summary>
        Top = 2,

        /// <summary>Bottom edge.</summary>
        Bottom = 3,

        /// <summary>Centre.</summary>
        Center = 4,
    }
}
