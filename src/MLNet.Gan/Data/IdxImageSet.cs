// A labelled gray image set read from an IDX images file (N, H, W) and an optional IDX labels file (N):
// the fast path for code that wants raw bytes, and the store behind IdxDataView.
using Microsoft.ML.Data;
using MLNet.Gan.Imaging;

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

    /// <summary>All pixels, image after image: (N, H, W) row-major bytes, 0 = black.</summary>
    public byte[] Pixels { get; }

    /// <summary>One label byte per image (N), or null without a labels file.</summary>
    public byte[]? Labels { get; }

    /// <summary>The largest label plus one (0 without labels).</summary>
    public int LabelCount => Labels is null || Labels.Length == 0 ? 0 : Labels.Max() + 1;

    /// <summary>
    /// Reads an images file (unsigned bytes, 3 dimensions N x H x W) and optionally its labels file
    /// (unsigned bytes, 1 dimension N). Either may be gzipped.
    /// </summary>
    /// <param name="imagesPath">The IDX images file.</param>
    /// <param name="labelsPath">The IDX labels file, or null for none.</param>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
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

    /// <summary>The gray pixels (H x W bytes) of image <paramref name="row"/>, without copying.</summary>
    /// <param name="row">The 0-based image index.</param>
    public ReadOnlySpan<byte> GetPixels(int row)
    {
        CheckRow(row);
        var size = Height * Width;
        return Pixels.AsSpan(row * size, size);
    }

    /// <summary>
    /// Image <paramref name="row"/> as a new <see cref="MLImage"/> (<see cref="MLPixelFormat.Bgra32"/>, the gray
    /// value in blue, green and red, alpha 255). The caller owns (and may dispose) it.
    /// </summary>
    /// <param name="row">The 0-based image index.</param>
    public MLImage GetImage(int row) => ImagePixels.FromGray(GetPixels(row), Width, Height);

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"image index must be 0 to {Count - 1} ('{ImagesPath}' has {Count} images)");
        }
    }
}
