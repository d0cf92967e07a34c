// Reads the training columns of a data view once into contiguous tensors, checking every row.
using MLNet.Gan.Data;
using MLNet.Gan.Networks;
using MLNet.Gan.Torch;

namespace MLNet.Gan.Training;

/// <summary>Validates the input schema for GAN training and materialises images and labels.</summary>
internal static class TrainingDataReader
{
    /// <summary>Checks the columns the trainer needs; throws naming the column, what was expected and what was found.</summary>
    public static void CheckSchema(DataViewSchema schema, GanTrainer.Options o)
    {
        var image = FindColumn(schema, o.ImageColumnName, "image");
        var ok = image.Type is ImageDataViewType
            || image.Type is VectorDataViewType { ItemType: var item, IsKnownSize: true } && item.Equals(NumberDataViewType.Single);
        if (!ok)
        {
            throw new ArgumentException(
                $"image column '{o.ImageColumnName}': expected an image column or a known-size vector of Single, found {image.Type}",
                nameof(schema));
        }

        if (o.LabelColumnName is { } labelName)
        {
            var label = FindColumn(schema, labelName, "label");
            if (label.Type is not KeyDataViewType { IsCountKnown: true })
            {
                throw new ArgumentException(
                    $"label column '{labelName}': a conditional GAN needs a key type with a known class count, found {label.Type}; " +
                    $"convert it with ctx.Transforms.Conversion.MapValueToKey(\"{labelName}\")",
                    nameof(schema));
            }
        }
    }

    /// <summary>Reads every row: images as (N, C, H, W) float32 in [-1, 1], labels as zero-based int64 (N).</summary>
    public static GanDataset Read(IDataView data, GanTrainer.Options o, GanModelInfo info)
    {
        CheckSchema(data.Schema, o);
        var imageColumn = data.Schema[o.ImageColumnName];
        DataViewSchema.Column? labelColumn = o.LabelColumnName is null ? null : data.Schema[o.LabelColumnName];
        var columns = labelColumn is { } l ? new[] { imageColumn, l } : new[] { imageColumn };
        var pixels = new List<float[]>();
        var bytes = new List<byte[]>();
        var labels = new List<long>();
        ImageShape? shape = null;
        using (var cursor = data.GetRowCursor(columns))
        {
            var readLabel = labelColumn is { } lc ? cursor.GetGetter<uint>(lc) : null;
            if (imageColumn.Type is ImageDataViewType)
            {
                var get = cursor.GetGetter<MLImage>(imageColumn);
                MLImage image = null!;
                while (cursor.MoveNext())
                {
                    get(ref image);
                    shape = CheckImage(image, shape, cursor.Position, o.ImageColumnName);
                    bytes.Add(image.Pixels);
                    ReadLabel(readLabel, labels, cursor.Position, o.LabelColumnName);
                }
            }
            else
            {
                var get = cursor.GetGetter<VBuffer<float>>(imageColumn);
                VBuffer<float> vector = default;
                while (cursor.MoveNext())
                {
                    get(ref vector);
                    pixels.Add(CheckVector(vector.GetValues(), cursor.Position, o.ImageColumnName));
                    ReadLabel(readLabel, labels, cursor.Position, o.LabelColumnName);
                }
            }
        }

        var count = Math.Max(bytes.Count, pixels.Count);
        if (count == 0)
        {
            throw new ArgumentException($"the training data has no rows (column '{o.ImageColumnName}')", nameof(data));
        }

        Tensor images;
        if (bytes.Count > 0)
        {
            images = FromBytes(bytes, shape!.Value);
            info.ValueKind = GeneratedValueKind.Image;
        }
        else
        {
            var dims = ((VectorDataViewType)imageColumn.Type).Dimensions.ToArray();
            shape = VectorShape(dims, o);
            images = FromVectors(pixels, shape.Value, info);
            info.VectorDimensions = dims;
            info.ValueKind = GeneratedValueKind.Vector;
        }

        info.Channels = shape.Value.Channels;
        info.Height = shape.Value.Height;
        info.ImageWidth = shape.Value.Width;
        if (labelColumn is not { } labelCol)
        {
            return new GanDataset(images, null, null);
        }

        var classCount = (int)((KeyDataViewType)labelCol.Type).Count;
        var names = labelCol.GetKeyValueNames() ?? Enumerable.Range(0, classCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        info.ClassNames = names;
        var labelTensor = Tensor.From(labels.ToArray(), labels.Count).DetachFromDisposeScope();
        return new GanDataset(images, labelTensor, names);
    }

    private static DataViewSchema.Column FindColumn(DataViewSchema schema, string name, string what) =>
        schema.GetColumnOrNull(name) ?? throw new ArgumentException(
            $"{what} column '{name}' not found; the data has: {string.Join(", ", schema.Select(c => $"{c.Name} ({c.Type})"))}");

    private static ImageShape CheckImage(MLImage image, ImageShape? expected, long row, string column)
    {
        if (image is null)
        {
            throw new InvalidDataException($"column '{column}', row {row}: the image is missing");
        }

        var shape = new ImageShape(image.Channels, image.Height, image.Width);
        if (expected is { } e && e != shape)
        {
            throw new InvalidDataException(
                $"column '{column}', row {row}: image is {shape.Width}x{shape.Height} with {shape.Channels} channels but earlier rows are " +
                $"{e.Width}x{e.Height} with {e.Channels}; add ctx.Transforms.ResizeImages (and ConvertToGrayscale) before the trainer");
        }

        if (shape.Channels is 2 or 4)
        {
            throw new InvalidDataException(
                $"column '{column}', row {row}: image has an alpha channel ({shape.Channels} channels); composite it onto a background or convert to grayscale first");
        }

        return shape;
    }

    private static float[] CheckVector(ReadOnlySpan<float> values, long row, string column)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new InvalidDataException($"column '{column}', row {row}, slot {i}: value {values[i]} is not a finite number");
            }
        }

        return values.ToArray();
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
        if (o.VectorImageShape is { } given)
        {
            if (given.Size != dims.Aggregate(1, (a, b) => a * b))
            {
                throw new ArgumentException($"VectorImageShape {given} has {given.Size} values but column '{o.ImageColumnName}' has [{string.Join(", ", dims)}]");
            }

            return given;
        }

        if (dims.Length == 3)
        {
            return new ImageShape(dims[0], dims[1], dims[2]);
        }

        var size = dims.Aggregate(1, (a, b) => a * b);
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

    private static Tensor FromBytes(List<byte[]> rows, ImageShape shape)
    {
        var all = new byte[(long)rows.Count * shape.Size];
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].CopyTo(all, (long)i * shape.Size);
        }

        using var scope = MLNet.Gan.Torch.Torch.NewScope();
        // (N, H, W, C) bytes -> (N, C, H, W) floats in [-1, 1]
        var hwc = Tensor.From(all, rows.Count, shape.Height, shape.Width, shape.Channels);
        return (hwc.Float() / 127.5 - 1.0).Permute(0, 3, 1, 2).Contiguous().MoveToOuterScope().DetachFromDisposeScope();
    }

    private static Tensor FromVectors(List<float[]> rows, ImageShape shape, GanModelInfo info)
    {
        var all = new float[(long)rows.Count * shape.Size];
        float min = float.MaxValue, max = float.MinValue;
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].CopyTo(all, (long)i * shape.Size);
        }

        foreach (var v in all)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        if (min < -1.0001f || max > 1.0001f)
        {
            throw new InvalidDataException(
                $"pixel values range over [{min}, {max}]; expected [-1, 1] or [0, 1] (ExtractPixels scales to [-1, 1] by default)");
        }

        info.VectorZeroToOne = min >= 0;
        using var scope = MLNet.Gan.Torch.Torch.NewScope();
        var t = Tensor.From(all, rows.Count, shape.Channels, shape.Height, shape.Width);
        return (info.VectorZeroToOne ? t * 2.0 - 1.0 : t.Clone()).MoveToOuterScope().DetachFromDisposeScope();
    }
}
