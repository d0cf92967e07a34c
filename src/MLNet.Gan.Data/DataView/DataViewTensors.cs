// Materialises data view columns as contiguous tensors for training: float vectors -> (N, dims...), keys -> (N,).
using MLNet.Gan.Torch;

namespace MLNet.Gan.Data;

/// <summary>
/// Reads whole columns into one tensor each. Values are gathered into managed chunks of up to
/// <see cref="ChunkElements"/> items, each copied to native memory in one call; chunks are joined with one cat.
/// </summary>
public static class DataViewTensors
{
    /// <summary>Items gathered per native copy (16 Mi floats = 64 MiB).</summary>
    public const int ChunkElements = 1 << 24;

    /// <summary>
    /// A float32 tensor of shape (N, dims...) from a Single column (N,) or a Single vector column of known size
    /// (its dimensions), reading at most <paramref name="maxRows"/> rows. NaN values are rejected naming the row.
    /// </summary>
    public static Tensor ToTensor(IDataView view, string columnName, long? maxRows = null, bool allowNaN = false)
    {
        ArgumentNullException.ThrowIfNull(view);
        var column = view.Schema.GetRequiredColumn(columnName, "ToTensor");
        var vector = column.Type as VectorDataViewType;
        DataViewExtensions.CheckColumnType(
            column,
            column.Type == NumberDataViewType.Single || vector is { IsKnownSize: true } && vector.ItemType == NumberDataViewType.Single,
            "Single or a vector of Single of known size" + (vector is { IsKnownSize: false } ? " (variable-size vectors cannot be stacked; resize them first)" : string.Empty),
            "ToTensor");
        var rowSize = vector?.Size ?? 1;
        var rowDims = vector is null ? Array.Empty<long>() : vector.Dimensions.Select(d => (long)d).ToArray();
        var rowsPerChunk = Math.Max(1, ChunkElements / rowSize);

        // Size the buffer to the rows expected when known; otherwise grow it by doubling up to one chunk.
        var expected = Math.Min(view.GetRowCount() ?? 256, maxRows ?? long.MaxValue);
        var capacity = (int)Math.Clamp(expected, 1, rowsPerChunk);
        var chunks = new List<Tensor>();
        try
        {
            using var cursor = view.GetRowCursor(column);
            var read = RowReader(cursor, column);
            var buffer = new float[(long)capacity * rowSize];
            var inChunk = 0;
            long total = 0;
            while ((maxRows is null || total < maxRows) && cursor.MoveNext())
            {
                if (inChunk == capacity)
                {
                    if (capacity < rowsPerChunk)
                    {
                        capacity = (int)Math.Min((long)capacity * 2, rowsPerChunk);
                        Array.Resize(ref buffer, capacity * rowSize);
                    }
                    else
                    {
                        chunks.Add(Tensor.From(buffer.AsSpan(0, inChunk * rowSize), [inChunk, .. rowDims]));
                        inChunk = 0;
                    }
                }

                var destination = buffer.AsSpan(inChunk * rowSize, rowSize);
                read(destination);
                if (!allowNaN && FirstNaN(destination) is int bad and >= 0)
                {
                    throw new InvalidDataException($"ToTensor: {RowText.Of(cursor.Position)}, column '{column.Name}' holds NaN at item {bad}.");
                }

                inChunk++;
                total++;
            }

            if (inChunk > 0 || chunks.Count == 0)
            {
                chunks.Add(Tensor.From(buffer.AsSpan(0, inChunk * rowSize), [inChunk, .. rowDims]));
            }

            return chunks.Count == 1 ? chunks[0] : Torch.Torch.Cat(chunks, 0);
        }
        finally
        {
            if (chunks.Count > 1)
            {
                foreach (var c in chunks)
                {
                    c.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// An int64 tensor (N,) of zero-based class indices from a Key column (key k gives k - 1). A missing key (0)
    /// is rejected naming the row.
    /// </summary>
    public static Tensor KeysToTensor(IDataView view, string columnName, long? maxRows = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        var column = view.Schema.GetRequiredColumn(columnName, "KeysToTensor");
        DataViewExtensions.CheckColumnType(column, column.Type is KeyDataViewType, "a Key", "KeysToTensor");
        var values = new List<long>();
        using (var cursor = view.GetRowCursor(column))
        {
            var g = cursor.GetGetter<uint>(column);
            uint key = 0;
            while ((maxRows is null || values.Count < maxRows) && cursor.MoveNext())
            {
                g(ref key);
                if (key == 0)
                {
                    throw new InvalidDataException($"KeysToTensor: {RowText.Of(cursor.Position)}, column '{column.Name}' has a missing key (0).");
                }

                values.Add(key - 1L);
            }
        }

        return Tensor.From(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values), values.Count);
    }

    /// <summary>Copies the current row's value (a Single or a Single vector of the destination's length) into a span.</summary>
    private delegate void SpanReader(Span<float> destination);

    private static SpanReader RowReader(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type is VectorDataViewType)
        {
            var getter = row.GetGetter<VBuffer<float>>(column);
            VBuffer<float> value = default;
            return destination =>
            {
                getter(ref value);
                var values = value.GetValues();
                if (values.Length != destination.Length)
                {
                    throw new InvalidDataException(
                        $"ToTensor: column '{column.Name}' ({column.Type}) gave a vector of {values.Length} items at {RowText.Of(row.Position)}.");
                }

                values.CopyTo(destination);
            };
        }

        var scalar = row.GetGetter<float>(column);
        return destination =>
        {
            var v = 0f;
            scalar(ref v);
            destination[0] = v;
        };
    }

    /// <summary>The index of the first NaN in <paramref name="values"/>, or -1 (NaN is the only value unequal to itself).</summary>
    private static int FirstNaN(ReadOnlySpan<float> values)
    {
        var i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var width = System.Numerics.Vector<float>.Count;
            var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(values);
            for (var k = 0; k < vectors.Length; k++)
            {
                if (!System.Numerics.Vector.EqualsAll(vectors[k], vectors[k]))
                {
                    break;
                }

                i += width;
            }
        }

        for (; i < values.Length; i++)
        {
            if (float.IsNaN(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
