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
        var chunks = new List<Tensor>();
        try
        {
            using var cursor = view.GetRowCursor(column);
            var read = NormalizingTransformer.Reader(cursor, column);
            var buffer = new float[(long)rowsPerChunk * rowSize];
            var row = new float[rowSize];
            var inChunk = 0;
            long total = 0;
            while ((maxRows is null || total < maxRows) && cursor.MoveNext())
            {
                read(row);
                if (!allowNaN)
                {
                    var bad = Array.FindIndex(row, float.IsNaN);
                    if (bad >= 0)
                    {
                        throw new InvalidDataException($"ToTensor: row {cursor.Position}, column '{column.Name}' holds NaN at item {bad}.");
                    }
                }

                row.CopyTo(buffer, (long)inChunk * rowSize);
                inChunk++;
                total++;
                if (inChunk == rowsPerChunk)
                {
                    chunks.Add(Tensor.From(buffer.AsSpan(0, inChunk * rowSize), [inChunk, .. rowDims]));
                    inChunk = 0;
                }
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
                    throw new InvalidDataException($"KeysToTensor: row {cursor.Position}, column '{column.Name}' has a missing key (0).");
                }

                values.Add(key - 1L);
            }
        }

        return Tensor.From(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values), values.Count);
    }
}
