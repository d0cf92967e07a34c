// Reads a whole image column into one contiguous float tensor (N, C, H, W) and labels into int64 (N).
//
// Pixels are gathered into one managed byte buffer (CHW per image) and cross into libtorch once; the
// scaling to [-1, 1] or [0, 1] happens there in place. IDX-backed views skip single images entirely.
using MLNet.Gan.Torch;
using MLNet.Gan.Torch.Native;

namespace MLNet.Gan.Data;

/// <summary>Turns image data into training tensors and generated tensors back into images.</summary>
public static class ImageTensors
{
    /// <summary>
    /// Reads every row of <paramref name="imageColumnName"/> into a float32 tensor (N, C, H, W) and, when
    /// <paramref name="labelColumnName"/> is given and present, its labels into an int64 tensor (N) of 0-based
    /// class indices (key value − 1). The image column may hold <see cref="MLImage"/> values of one size and
    /// channel count, or Single vectors with dimensions [C, H, W] (taken as they are).
    /// </summary>
    /// <exception cref="InvalidDataException">Images of mixed sizes (row, expected and found named), non-finite values or missing labels.</exception>
    public static (Tensor Images, Tensor? Labels) Materialize(
        IDataView data, string imageColumnName = "Image", string? labelColumnName = "Label", PixelRange range = PixelRange.MinusOneToOne)
    {
        ArgumentNullException.ThrowIfNull(data);
        var imageColumn = data.Schema.GetRequiredColumn(imageColumnName, "ImageTensors");
        var labelColumn = labelColumnName is null ? (DataViewSchema.Column?)null : data.Schema.GetColumnOrNull(labelColumnName);
        if (labelColumn is { } lc)
        {
            DataViewExtensions.CheckColumnType(lc, lc.Type is KeyDataViewType || lc.Type == NumberDataViewType.Int32 || lc.Type == NumberDataViewType.Int64,
                "a key, Int32 or Int64 label", "ImageTensors");
        }

        if (data is IdxDataView idx && imageColumn.Index == 0)
        {
            return FromIdx(idx, labelColumn is not null, range);
        }

        if (imageColumn.Type is VectorDataViewType { ItemType: var item, Dimensions.Length: 3, IsKnownSize: true } && item == NumberDataViewType.Single)
        {
            return FromVectors(data, imageColumn, labelColumn);
        }

        DataViewExtensions.CheckColumnType(imageColumn, imageColumn.Type is ImageDataViewType, "Image or Vector<Single, C, H, W>", "ImageTensors");
        return FromImageColumn(data, imageColumn, labelColumn, range);
    }

    /// <summary>Images of one size and channel count as a float32 tensor (N, C, H, W) in <paramref name="range"/>.</summary>
    public static Tensor FromImages(IReadOnlyList<MLImage> images, PixelRange range = PixelRange.MinusOneToOne)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("no images to convert", nameof(images));
        }

        var gather = new PixelGatherer("images");
        for (var i = 0; i < images.Count; i++)
        {
            gather.Add(images[i] ?? throw new ArgumentException($"image {i} is null", nameof(images)), i);
        }

        return gather.ToTensor(range);
    }

    /// <summary>
    /// Images from a float tensor (N, C, H, W) or (C, H, W) with C of 1 to 4 (gray, gray+alpha, RGB, RGBA), mapping <paramref name="range"/>
    /// back to bytes (rounded, clamped). // (N, C, H, W) -> N images of H x W x C
    /// </summary>
    /// <exception cref="InvalidDataException">A value is NaN or infinite (image and position named).</exception>
    public static IReadOnlyList<MLImage> ToImages(Tensor images, PixelRange range = PixelRange.MinusOneToOne)
    {
        ArgumentNullException.ThrowIfNull(images);
        var shape = images.Shape;
        if (shape.Length == 3)
        {
            shape = [1, .. shape];
        }

        if (shape.Length != 4 || shape[1] is < 1 or > 4)
        {
            throw new ArgumentException($"expected a tensor (N, C, H, W) or (C, H, W) with 1 to 4 channels, found shape [{string.Join(", ", images.Shape)}]", nameof(images));
        }

        int n = (int)shape[0], c = (int)shape[1], h = (int)shape[2], w = (int)shape[3];
        float[] values;
        using (var cpu = images.Device == Device.Cpu && images.Dtype == ScalarType.Float32 ? null : images.To(Device.Cpu).To(ScalarType.Float32))
        {
            values = (cpu ?? images).Contiguous().ToArray<float>();
        }

        var result = new MLImage[n];
        var plane = h * w;
        for (var i = 0; i < n; i++)
        {
            var pixels = new byte[plane * c];
            var start = i * plane * c;
            for (var ch = 0; ch < c; ch++)
            {
                for (var p = 0; p < plane; p++)
                {
                    var v = values[start + (ch * plane) + p];
                    if (!float.IsFinite(v))
                    {
                        throw new InvalidDataException($"image {i}, channel {ch}, pixel ({p % w}, {p / w}) is {v}: generated images must be finite");
                    }

                    pixels[(p * c) + ch] = PixelScaling.ToByte(v, range);
                }
            }

            result[i] = MLImage.CreateFromPixels(w, h, c, pixels);
        }

        return result;
    }

    private static (Tensor, Tensor?) FromIdx(IdxDataView idx, bool withLabels, PixelRange range)
    {
        var set = idx.ImageSet;
        // (N, H, W) bytes -> (N, 1, H, W) float
        var images = ScaleBytes(set.Pixels, [set.Count, 1, set.Height, set.Width], range);
        Tensor? labels = null;
        if (withLabels && set.Labels is not null)
        {
            var longs = new long[set.Count];
            for (var i = 0; i < longs.Length; i++)
            {
                longs[i] = set.Labels[i];
            }

            labels = Tensor.From(longs, set.Count);
        }

        return (images, labels);
    }

    private static (Tensor, Tensor?) FromImageColumn(IDataView data, DataViewSchema.Column imageColumn, DataViewSchema.Column? labelColumn, PixelRange range)
    {
        var gather = new PixelGatherer($"column '{imageColumn.Name}'");
        if (imageColumn.Type is ImageDataViewType { IsKnownSize: true } t)
        {
            gather.ExpectSize(t.Width, t.Height);
        }

        var labels = new List<long>();
        using (var cursor = data.GetRowCursor(labelColumn is { } l ? [imageColumn, l] : [imageColumn]))
        {
            var getImage = cursor.GetGetter<MLImage>(imageColumn);
            var getLabel = labelColumn is { } lc ? LabelReader(cursor, lc) : null;
            MLImage image = null!;
            long row = 0;
            while (cursor.MoveNext())
            {
                getImage(ref image);
                gather.Add(image ?? throw new InvalidDataException($"column '{imageColumn.Name}' {RowText.Of(row)} holds no image"), row);
                if (getLabel is not null)
                {
                    labels.Add(getLabel(row));
                }

                row++;
            }
        }

        if (gather.Count == 0)
        {
            throw new InvalidDataException($"column '{imageColumn.Name}' has no rows to read");
        }

        return (gather.ToTensor(range), labelColumn is null ? null : Tensor.From(labels.ToArray(), labels.Count));
    }

    private static (Tensor, Tensor?) FromVectors(IDataView data, DataViewSchema.Column column, DataViewSchema.Column? labelColumn)
    {
        var type = (VectorDataViewType)column.Type;
        var size = type.Size;
        var values = new List<float[]>();
        var labels = new List<long>();
        using (var cursor = data.GetRowCursor(labelColumn is { } l ? [column, l] : [column]))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            var getLabel = labelColumn is { } lc ? LabelReader(cursor, lc) : null;
            VBuffer<float> buffer = default;
            long row = 0;
            while (cursor.MoveNext())
            {
                getter(ref buffer);
                var span = buffer.GetValues();
                if (span.Length != size)
                {
                    throw new InvalidDataException($"column '{column.Name}' {RowText.Of(row)}: expected {size} values ({type}), found {span.Length}");
                }

                for (var k = 0; k < span.Length; k++)
                {
                    if (!float.IsFinite(span[k]))
                    {
                        throw new InvalidDataException($"column '{column.Name}' {RowText.Of(row)}, item {k}: value {span[k]} is not finite");
                    }
                }

                values.Add(span.ToArray());
                if (getLabel is not null)
                {
                    labels.Add(getLabel(row));
                }

                row++;
            }
        }

        var all = new float[checked(values.Count * size)];
        for (var i = 0; i < values.Count; i++)
        {
            values[i].CopyTo(all, i * size);
        }

        var dims = type.Dimensions;
        var images = Tensor.From(all, values.Count, dims[0], dims[1], dims[2]);
        return (images, labelColumn is null ? null : Tensor.From(labels.ToArray(), labels.Count));
    }

    private static Func<long, long> LabelReader(DataViewRow cursor, DataViewSchema.Column column)
    {
        if (column.Type is KeyDataViewType)
        {
            var getter = cursor.GetGetter<uint>(column);
            uint key = 0;
            return row =>
            {
                getter(ref key);
                return key != 0 ? key - 1 : throw new InvalidDataException($"label column '{column.Name}' {RowText.Of(row)} is missing (key 0)");
            };
        }

        if (column.Type == NumberDataViewType.Int32)
        {
            var getter = cursor.GetGetter<int>(column);
            var v = 0;
            return _ =>
            {
                getter(ref v);
                return v;
            };
        }

        var getLong = cursor.GetGetter<long>(column);
        long lv = 0;
        return _ =>
        {
            getLong(ref lv);
            return lv;
        };
    }

    /// <summary>
    /// Bytes (already in NCHW order) to a float tensor scaled into <paramref name="range"/>, in one native pass through
    /// the same table as ExtractPixels, so both paths give identical floats.
    /// </summary>
    internal static Tensor ScaleBytes(ReadOnlySpan<byte> bytes, long[] shape, PixelRange range) =>
        ImageCodecNative.BytesToFloat(bytes, shape, PixelScaling.Table(range));
}
