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
        Tensor images;
        Tensor? labels;
        if (imageColumn.Type is ImageDataViewType)
        {
            (images, labels) = ReadImages(data, o);
            info.ValueKind = GeneratedValueKind.Image;
        }
        else
        {
            (images, labels) = ReadVectors(data, imageColumn, labelColumn, o, info);
            info.ValueKind = GeneratedValueKind.Vector;
        }

        images.DetachFromDisposeScope();
        labels?.DetachFromDisposeScope();
        var shape = images.Shape; // (N, C, H, W)
        if (shape[0] == 0)
        {
            throw new ArgumentException($"the training data has no rows (column '{o.ImageColumnName}')", nameof(data));
        }

        info.Channels = (int)shape[1];
        info.Height = (int)shape[2];
        info.ImageWidth = (int)shape[3];
        if (labelColumn is not { } labelCol)
        {
            return new GanDataset(images, null, null);
        }

        var classCount = (int)((KeyDataViewType)labelCol.Type).Count;
        var names = labelCol.GetKeyValueNames()
            ?? Enumerable.Range(0, classCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        info.ClassNames = names;
        return new GanDataset(images, labels, names);
    }

    private static (Tensor Images, Tensor? Labels) ReadImages(IDataView data, GanTrainer.Options o)
    {
        (Tensor Images, Tensor? Labels) read;
        try
        {
            read = ImageTensors.Materialize(data, o.ImageColumnName, o.LabelColumnName);
        }
        catch (InvalidDataException e) when (e.Message.Contains("one size", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{e.Message}; add ctx.Transforms.ResizeImages (and ConvertToGrayscale) before the trainer", e);
        }

        var channels = read.Images.Size(1);
        if (channels is 2 or 4)
        {
            read.Images.Dispose();
            read.Labels?.Dispose();
            throw new InvalidDataException(
                $"image column '{o.ImageColumnName}': images have an alpha channel ({channels} channels); " +
                "composite it onto a background or convert to grayscale first");
        }

        return read;
    }

    private static (Tensor Images, Tensor? Labels) ReadVectors(
        IDataView data, DataViewSchema.Column imageColumn, DataViewSchema.Column? labelColumn, GanTrainer.Options o, GanModelInfo info)
    {
        var dims = ((VectorDataViewType)imageColumn.Type).Dimensions.ToArray();
        var shape = VectorShape(dims, o);
        var columns = labelColumn is { } l ? new[] { imageColumn, l } : new[] { imageColumn };
        var all = new float[checked((int)(data.GetRowCount() ?? 0) * shape.Size)];
        var labels = new List<long>();
        var rows = 0;
        using (var cursor = data.GetRowCursor(columns))
        {
            var readLabel = labelColumn is { } lc ? cursor.GetGetter<uint>(lc) : null;
            var get = cursor.GetGetter<VBuffer<float>>(imageColumn);
            VBuffer<float> vector = default;
            while (cursor.MoveNext())
            {
                get(ref vector);
                var values = vector.GetValues();
                CheckVector(values, cursor.Position, o.ImageColumnName);
                if ((long)(rows + 1) * shape.Size > all.Length)
                {
                    Array.Resize(ref all, Math.Max(all.Length * 2, (rows + 1) * shape.Size));
                }

                values.CopyTo(all.AsSpan(rows * shape.Size, shape.Size));
                ReadLabel(readLabel, labels, cursor.Position, o.LabelColumnName);
                rows++;
            }
        }

        var (min, max) = rows == 0 ? (0f, 0f) : MinMax(all.AsSpan(0, rows * shape.Size));
        if (min < -1.0001f || max > 1.0001f)
        {
            throw new InvalidDataException(
                $"column '{o.ImageColumnName}': pixel values range over [{min}, {max}]; expected [-1, 1] or [0, 1] (ExtractPixels scales to [-1, 1] by default)");
        }

        info.VectorZeroToOne = min >= 0;
        info.VectorDimensions = dims;
        using var scope = MLNet.Gan.Torch.Torch.NewScope();
        var t = Tensor.From(all.AsSpan(0, rows * shape.Size), rows, shape.Channels, shape.Height, shape.Width);
        var images = (info.VectorZeroToOne ? t * 2.0 - 1.0 : t.Clone()).MoveToOuterScope();
        var labelTensor = labelColumn is null ? null : Tensor.From(labels.ToArray(), labels.Count).MoveToOuterScope();
        return (images, labelTensor);
    }

    private static (float Min, float Max) MinMax(ReadOnlySpan<float> values)
    {
        float min = float.MaxValue, max = float.MinValue;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return (min, max);
    }

    private static DataViewSchema.Column FindColumn(DataViewSchema schema, string name, string what) =>
        schema.GetColumnOrNull(name) ?? throw new ArgumentException(
            $"{what} column '{name}' not found; the data has: {string.Join(", ", schema.Select(c => $"{c.Name} ({c.Type})"))}");

    private static void CheckVector(ReadOnlySpan<float> values, long row, string column)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new InvalidDataException($"column '{column}', row {row}, slot {i}: value {values[i]} is not a finite number");
            }
        }
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
}
