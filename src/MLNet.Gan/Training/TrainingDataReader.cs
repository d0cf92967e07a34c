// Reads the training columns of an ML.NET IDataView once into contiguous tensors, checking every row.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNet.Gan.Imaging;
using MLNet.Gan.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Training;

/// <summary>How the values of a Single-vector image column are scaled; generated vectors come back the same way.</summary>
public enum PixelScale
{
    /// <summary>[-1, 1], the networks' own range.</summary>
    MinusOneToOne,

    /// <summary>[0, 1].</summary>
    ZeroToOne,

    /// <summary>[0, 255], what ML.NET's ExtractPixels gives with its default scale and offset.</summary>
    ZeroTo255,
}

/// <summary>Validates the input schema for GAN training and materialises images and labels.</summary>
internal static class TrainingDataReader
{
    /// <summary>Checks the columns the trainer needs in a schema shape (the estimator's GetOutputSchema).</summary>
    public static void CheckSchema(SchemaShape schema, string imageColumn, string? labelColumn)
    {
        var image = schema.FirstOrDefault(c => c.Name == imageColumn);
        if (image.Name is null)
        {
            throw SchemaErrors.Missing("image", imageColumn, ExpectedImage, schema.Select(c => c.Name));
        }

        var ok = image.ItemType is ImageDataViewType && image.Kind == SchemaShape.Column.VectorKind.Scalar
            || image.ItemType == NumberDataViewType.Single && image.Kind == SchemaShape.Column.VectorKind.Vector;
        if (!ok)
        {
            throw SchemaErrors.Mismatch("image", imageColumn, ExpectedImage, SchemaErrors.Describe(image));
        }

        if (labelColumn is not null)
        {
            var label = schema.FirstOrDefault(c => c.Name == labelColumn);
            if (label.Name is null)
            {
                throw SchemaErrors.Missing("label", labelColumn, ExpectedLabel, schema.Select(c => c.Name));
            }

            if (!label.IsKey || label.Kind != SchemaShape.Column.VectorKind.Scalar)
            {
                throw SchemaErrors.Mismatch("label", labelColumn, ExpectedLabel, SchemaErrors.Describe(label),
                    $"convert it with mlContext.Transforms.Conversion.MapValueToKey(\"{labelColumn}\")");
            }
        }
    }

    /// <summary>Checks the columns in a data schema (known sizes, key counts).</summary>
    public static void CheckSchema(DataViewSchema schema, string imageColumn, string? labelColumn)
    {
        var image = schema.GetColumnOrNull(imageColumn)
            ?? throw SchemaErrors.Missing("image", imageColumn, ExpectedImage, schema.Select(c => c.Name));
        var ok = image.Type is ImageDataViewType
            || image.Type is VectorDataViewType { IsKnownSize: true } v && v.ItemType == NumberDataViewType.Single;
        if (!ok)
        {
            throw SchemaErrors.Mismatch("image", imageColumn, ExpectedImage, image.Type.ToString() ?? "?");
        }

        if (labelColumn is not null)
        {
            var label = schema.GetColumnOrNull(labelColumn)
                ?? throw SchemaErrors.Missing("label", labelColumn, ExpectedLabel, schema.Select(c => c.Name));
            if (label.Type is not KeyDataViewType { Count: > 0 })
            {
                throw SchemaErrors.Mismatch("label", labelColumn, ExpectedLabel, label.Type.ToString() ?? "?",
                    $"convert it with mlContext.Transforms.Conversion.MapValueToKey(\"{labelColumn}\")");
            }
        }
    }

    private const string ExpectedImage = "Image (ImageDataViewType) or a known-size Vector<Single>";
    private const string ExpectedLabel = "Key<UInt32> (a key type with a known class count)";

    /// <summary>Reads every row: images as (N, C, H, W) float32 in [-1, 1], labels as zero-based int64 (N).</summary>
    public static GanDataset Read(IDataView data, GanTrainer.Options o, GanModelInfo info)
    {
        CheckSchema(data.Schema, o.ImageColumnName, o.LabelColumnName);
        var imageColumn = data.Schema[o.ImageColumnName];
        DataViewSchema.Column? labelColumn = o.LabelColumnName is null ? null : data.Schema[o.LabelColumnName];
        var labels = new List<long>();
        Tensor images = imageColumn.Type is ImageDataViewType
            ? ReadImages(data, imageColumn, labelColumn, labels, o, info)
            : ReadVectors(data, imageColumn, labelColumn, labels, o, info);
        var shape = images.shape; // (N, C, H, W)
        info.Channels = (int)shape[1];
        info.Height = (int)shape[2];
        info.ImageWidth = (int)shape[3];
        if (labelColumn is not { } labelCol)
        {
            return new GanDataset(images, null, null);
        }

        info.ClassNames = ClassNames(labelCol);
        return new GanDataset(images, tensor(labels.ToArray()), info.ClassNames);
    }

    /// <summary>The class names of a key column: its KeyValues annotation as text, else "0".."n-1".</summary>
    public static string[] ClassNames(DataViewSchema.Column label)
    {
        var count = (int)((KeyDataViewType)label.Type).Count;
        if (label.HasKeyValues())
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            label.GetKeyValues(ref names);
            var values = names.DenseValues().Select(v => v.ToString()).ToArray();
            if (values.Length == count)
            {
                return values;
            }
        }

        return Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    private static Tensor ReadImages(IDataView data, DataViewSchema.Column imageColumn, DataViewSchema.Column? labelColumn,
        List<long> labels, GanTrainer.Options o, GanModelInfo info)
    {
        var rgb = new List<byte[]>();
        int width = 0, height = 0;
        var gray = true;
        var columns = labelColumn is { } l ? new[] { imageColumn, l } : new[] { imageColumn };
        using (var cursor = data.GetRowCursor(columns))
        {
            var getImage = cursor.GetGetter<MLImage>(imageColumn);
            var getLabel = labelColumn is { } lc ? cursor.GetGetter<uint>(lc) : null;
            MLImage image = null!;
            while (cursor.MoveNext())
            {
                getImage(ref image);
                if (image is null)
                {
                    throw new InvalidDataException($"column '{imageColumn.Name}', row {cursor.Position}: the image is missing");
                }

                if (rgb.Count == 0)
                {
                    (width, height) = (image.Width, image.Height);
                }
                else if (image.Width != width || image.Height != height)
                {
                    throw new InvalidDataException(
                        $"column '{imageColumn.Name}', row {cursor.Position}: image is {image.Width}x{image.Height}, expected {width}x{height} " +
                        "(the size of row 0); add mlContext.Transforms.ResizeImages before the trainer");
                }

                var pixels = new byte[width * height * 3];
                gray &= CopyRgb(image, pixels, o.Background);
                rgb.Add(pixels);
                ReadLabel(getLabel, labels, cursor.Position, o.LabelColumnName);
            }
        }

        if (rgb.Count == 0)
        {
            throw new ArgumentException($"the training data has no rows (column '{imageColumn.Name}')", nameof(data));
        }

        info.ValueKind = GeneratedValueKind.Image;
        var channels = gray ? 1 : 3;
        var plane = width * height;
        var all = new float[rgb.Count * channels * plane];
        for (var n = 0; n < rgb.Count; n++)
        {
            var src = rgb[n];
            var dst = all.AsSpan(n * channels * plane, channels * plane);
            for (var c = 0; c < channels; c++)
            {
                for (var i = 0; i < plane; i++)
                {
                    dst[(c * plane) + i] = (src[(i * 3) + c] / 127.5f) - 1f;
                }
            }
        }

        return tensor(all, new long[] { rgb.Count, channels, height, width });
    }

    /// <summary>
    /// Copies an MLImage's pixels as RGB bytes, composited onto <paramref name="background"/> where they are not opaque
    /// (icons, sprites, the borders ML.NET's ResizeImages leaves when padding); true when the result is gray (R = G = B).
    /// </summary>
    private static bool CopyRgb(MLImage image, byte[] rgb, ImageBackground background)
    {
        background.CompositeRgb(image, rgb);
        for (var j = 0; j < rgb.Length; j += 3)
        {
            if (rgb[j] != rgb[j + 1] || rgb[j + 1] != rgb[j + 2])
            {
                return false;
            }
        }

        return true;
    }

    private static Tensor ReadVectors(IDataView data, DataViewSchema.Column imageColumn, DataViewSchema.Column? labelColumn,
        List<long> labels, GanTrainer.Options o, GanModelInfo info)
    {
        var dims = ((VectorDataViewType)imageColumn.Type).Dimensions.ToArray();
        var shape = VectorShape(dims, o);
        var columns = labelColumn is { } l ? new[] { imageColumn, l } : new[] { imageColumn };
        var all = new float[checked((int)Math.Max(1, data.GetRowCount() ?? 1024) * shape.Size)];
        var rows = 0;
        float min = float.MaxValue, max = float.MinValue;
        using (var cursor = data.GetRowCursor(columns))
        {
            var getLabel = labelColumn is { } lc ? cursor.GetGetter<uint>(lc) : null;
            var get = cursor.GetGetter<VBuffer<float>>(imageColumn);
            VBuffer<float> vector = default;
            while (cursor.MoveNext())
            {
                get(ref vector);
                if ((long)(rows + 1) * shape.Size > all.Length)
                {
                    Array.Resize(ref all, Math.Max(all.Length * 2, (rows + 1) * shape.Size));
                }

                var into = all.AsSpan(rows * shape.Size, shape.Size);
                vector.CopyTo(into);
                for (var i = 0; i < into.Length; i++)
                {
                    var v = into[i];
                    if (!float.IsFinite(v))
                    {
                        throw new InvalidDataException($"column '{imageColumn.Name}', row {cursor.Position}, slot {i}: value {v} is not a finite number");
                    }

                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }

                ReadLabel(getLabel, labels, cursor.Position, o.LabelColumnName);
                rows++;
            }
        }

        if (rows == 0)
        {
            throw new ArgumentException($"the training data has no rows (column '{imageColumn.Name}')", nameof(data));
        }

        info.ValueKind = GeneratedValueKind.Vector;
        info.VectorScale = ScaleOf(min, max, imageColumn.Name);
        info.VectorDimensions = dims;
        using var scope = NewDisposeScope();
        var t = tensor(all.AsSpan(0, rows * shape.Size).ToArray(), new long[] { rows, shape.Channels, shape.Height, shape.Width });
        var images = info.VectorScale switch
        {
            PixelScale.ZeroToOne => t * 2.0 - 1.0,
            PixelScale.ZeroTo255 => t / 127.5 - 1.0,
            _ => t,
        };
        return images.MoveToOuterDisposeScope();
    }

    private static PixelScale ScaleOf(float min, float max, string column)
    {
        if (min >= -1.0001f && max <= 1.0001f)
        {
            return min >= 0 ? PixelScale.ZeroToOne : PixelScale.MinusOneToOne;
        }

        if (min >= 0 && max <= 255.001f)
        {
            return PixelScale.ZeroTo255;
        }

        throw new InvalidDataException(
            $"column '{column}': pixel values range over [{min}, {max}]; expected [-1, 1], [0, 1] or [0, 255] " +
            "(ExtractPixels gives [0, 255] by default)");
    }

    private static void ReadLabel(ValueGetter<uint>? get, List<long> labels, long row, string? column)
    {
        if (get is null)
        {
            return;
        }

        uint key = 0;
        get(ref key);
        if (key == 0)
        {
            throw new InvalidDataException($"label column '{column}', row {row}: the label is missing (key value 0)");
        }

        labels.Add(key - 1);
    }

    private static ImageShape VectorShape(int[] dims, GanTrainer.Options o)
    {
        var size = dims.Aggregate(1, (a, b) => a * b);
        if (o.VectorImageShape is { } given)
        {
            if (given.Size != size)
            {
                throw new ArgumentException($"VectorImageShape {given} has {given.Size} values but column '{o.ImageColumnName}' has [{string.Join(", ", dims)}]");
            }

            return given;
        }

        if (dims.Length == 3)
        {
            return new ImageShape(dims[0], dims[1], dims[2]);
        }

        foreach (var channels in new[] { 1, 3 })
        {
            var side = (int)Math.Round(Math.Sqrt(size / (double)channels));
            if (side * side * channels == size)
            {
                return new ImageShape(channels, side, side);
            }
        }

        throw new ArgumentException(
            $"column '{o.ImageColumnName}' is a vector of {size} values that is not a square image; set VectorImageShape");
    }
}
