// A labelled image set read from an IDX images file (N, H, W) and an optional IDX labels file (N).
namespace MLNet.Gan.Data;

/// <summary>Gray images held as one contiguous byte array (N, H, W), with optional byte labels (N).</summary>
public sealed class IdxImageSet
{
    private IdxImageSet(string imagesPath, string? labelsPath, int count, int height, int width, byte[] pixels, byte[]? labels)
    {
        ImagesPath = imagesPath;
        LabelsPath = labelsPath;
        Count = count;
        Height = height;
        Width = width;
        Pixels = pixels;
        Labels = labels;
    }

    /// <summary>The images file.</summary>
    public string ImagesPath { get; }

    /// <summary>The labels file, or null when none was given.</summary>
    public string? LabelsPath { get; }

    /// <summary>Number of images (N).</summary>
    public int Count { get; }

    /// <summary>Image height in pixels (H).</summary>
    public int Height { get; }

    /// <summary>Image width in pixels (W).</summary>
    public int Width { get; }

    /// <summary>All pixels, image after image: (N, H, W) row-major bytes.</summary>
    public byte[] Pixels { get; }

    /// <summary>One label byte per image (N), or null without a labels file.</summary>
    public byte[]? Labels { get; }

    /// <summary>
    /// Reads an images file (ubyte, 3 dimensions N x H x W) and optionally its labels file (ubyte, 1 dimension N).
    /// Both may be gzipped.
    /// </summary>
    /// <exception cref="InvalidDataException">A file is malformed, or the label count differs from the image count (both files named).</exception>
    public static IdxImageSet Load(string imagesPath, string? labelsPath = null)
    {
        var images = IdxFile.Read(imagesPath);
        if (images.DataType != IdxDataType.UByte || images.Dimensions.Count != 3)
        {
            throw new InvalidDataException(
                $"IDX images file '{imagesPath}' must hold unsigned bytes in 3 dimensions (count x height x width); " +
                $"found {images.DataType} in {images.Dimensions.Count} dimensions ({string.Join("x", images.Dimensions)})");
        }

        int count = images.Dimensions[0], height = images.Dimensions[1], width = images.Dimensions[2];
        if (height == 0 || width == 0)
        {
            throw new InvalidDataException($"IDX images file '{imagesPath}' has empty images ({height}x{width})");
        }

        byte[]? labels = null;
        if (labelsPath is not null)
        {
            var labelFile = IdxFile.Read(labelsPath);
            if (labelFile.DataType != IdxDataType.UByte || labelFile.Dimensions.Count != 1)
            {
                throw new InvalidDataException(
                    $"IDX labels file '{labelsPath}' must hold unsigned bytes in 1 dimension; " +
                    $"found {labelFile.DataType} in {labelFile.Dimensions.Count} dimensions ({string.Join("x", labelFile.Dimensions)})");
            }

            if (labelFile.Dimensions[0] != count)
            {
                throw new InvalidDataException(
                    $"IDX labels file '{labelsPath}' has {labelFile.Dimensions[0]} labels but images file '{imagesPath}' has {count} images");
            }

            labels = labelFile.Data;
        }

        return new IdxImageSet(imagesPath, labelsPath, count, height, width, images.Data, labels);
    }

    /// <summary>The image at <paramref name="row"/> as a one-channel <see cref="MLImage"/> (a copy).</summary>
    public MLImage GetImage(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
        var size = Height * Width;
        var pixels = new byte[size];
        Array.Copy(Pixels, (long)row * size, pixels, 0, size);
        return MLImage.CreateFromPixels(Width, Height, 1, pixels);
    }

    /// <summary>The largest label plus one (0 without labels).</summary>
    public int LabelCount => Labels is null || Labels.Length == 0 ? 0 : Labels.Max() + 1;
}
