// Training pairs for the colorizer: every color image of the training column, composited on white, resized to the
// networks' size and split into luma (the input) and chroma (the target).
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNet.Gan.Training;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLNet.Gan.Colorization;

/// <summary>Reads and checks the colorizer's image columns.</summary>
internal static class ColorizerData
{
    /// <summary>What an image column of the colorizer must be, for error messages.</summary>
    public const string ExpectedImage = "Image (ImageDataViewType, any size; LoadImages makes one)";

    /// <summary>The image column <paramref name="name"/> of <paramref name="schema"/>, or ML.NET's schema error for it.</summary>
    public static DataViewSchema.Column CheckImageColumn(DataViewSchema schema, string role, string name)
    {
        var column = schema.GetColumnOrNull(name) ?? throw SchemaErrors.Missing(role, name, ExpectedImage, schema.Select(c => c.Name));
        if (column.Type is not ImageDataViewType)
        {
            throw SchemaErrors.Mismatch(role, name, ExpectedImage, column.Type.ToString() ?? "?",
                column.Type is VectorDataViewType ? "the colorizer reads images, not pixel vectors: colorize before ExtractPixels" : null);
        }

        return column;
    }

    /// <summary>The same check on a schema shape (an estimator's GetOutputSchema).</summary>
    public static void CheckImageColumn(SchemaShape schema, string role, string name)
    {
        var column = schema.FirstOrDefault(c => c.Name == name);
        if (column.Name is null)
        {
            throw SchemaErrors.Missing(role, name, ExpectedImage, schema.Select(c => c.Name));
        }

        if (column.ItemType is not ImageDataViewType || column.Kind != SchemaShape.Column.VectorKind.Scalar)
        {
            throw SchemaErrors.Mismatch(role, name, ExpectedImage, SchemaErrors.Describe(column));
        }
    }

    /// <summary>
    /// Luma and chroma of every row's image as a CPU tensor (N, 3, S, S): Y in [-1, 1], then U and V. Rows without an
    /// image, images smaller than S x S and a column of gray images only are errors naming the column and row.
    /// </summary>
    public static Tensor ReadTrainingPairs(IDataView data, string columnName, int size)
    {
        var column = CheckImageColumn(data.Schema, "colorizer training", columnName);
        var plane = size * size;
        var values = new List<float[]>();
        var colorful = 0;
        using (var cursor = data.GetRowCursor(new[] { column }))
        {
            var getter = cursor.GetGetter<MLImage>(column);
            MLImage image = null!;
            while (cursor.MoveNext())
            {
                getter(ref image);
                var row = cursor.Position;
                if (image is null)
                {
                    throw new InvalidDataException($"colorizer training column '{columnName}', row {row}: no image (the row's image did not load)");
                }

                if (image.Width < size || image.Height < size)
                {
                    throw new InvalidDataException(
                        $"colorizer training column '{columnName}', row {row}: the image is {image.Width}x{image.Height}, smaller than the " +
                        $"{size}x{size} the colorizer trains at; set ImageSize to at most {Math.Min(image.Width, image.Height)} or leave such images out");
                }

                var rgb = LumaChroma.RgbOnWhite(image);
                if (image.Width != size || image.Height != size)
                {
                    using var scope = NewDisposeScope();
                    using var resized = Resize(tensor(rgb, new long[] { 1, 3, image.Height, image.Width }), size, size).contiguous();
                    rgb = resized.data<float>().ToArray();
                }

                var yuv = new float[3 * plane];
                LumaChroma.ToNetwork(rgb, yuv);
                if (!IsGray(yuv.AsSpan(plane)))
                {
                    colorful++;
                }

                values.Add(yuv);
            }
        }

        if (values.Count == 0)
        {
            throw new InvalidDataException($"colorizer training column '{columnName}': the data has no rows");
        }

        if (colorful == 0)
        {
            throw new InvalidDataException(
                $"colorizer training column '{columnName}': all {values.Count} images are gray, so there is no color to learn; " +
                "train on the color images (set TrainingColumnName to the column before ConvertToGrayscale)");
        }

        var all = new float[values.Count * 3 * plane];
        for (var i = 0; i < values.Count; i++)
        {
            values[i].CopyTo(all, i * 3 * plane);
        }

        return tensor(all, new long[] { values.Count, 3, size, size });
    }

    /// <summary>Bilinear resize of (B, C, H, W) to (B, C, height, width), antialiased when shrinking.</summary>
    public static Tensor Resize(Tensor images, long height, long width) =>
        images.shape[2] == height && images.shape[3] == width
            ? images.alias()
            : F.interpolate(images, size: new[] { height, width }, mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);

    // chroma within a byte's worth of 0 everywhere
    private static bool IsGray(ReadOnlySpan<float> chroma)
    {
        foreach (var c in chroma)
        {
            if (MathF.Abs(c) > 1f / 255f)
            {
                return false;
            }
        }

        return true;
    }
}
