// Indexing and rearranging: slices and selections, index tensors, masks, one-hot, splits, flips and tiling.
using MLNet.Gan.Torch.Native;

namespace MLNet.Gan.Torch;

public sealed partial class Tensor
{
    /// <summary>
    /// A view of <paramref name="length"/> entries of dimension <paramref name="dim"/> starting at
    /// <paramref name="start"/>: (..., n, ...) -> (..., length, ...).
    /// </summary>
    public Tensor Narrow(long dim, long start, long length)
    {
        var status = NativeMethods.mg_indexing_narrow(Handle, dim, start, length, out var h);
        return Wrap(status, h);
    }

    /// <summary>
    /// A view of entries start, start + step, ... before <paramref name="end"/> along <paramref name="dim"/>,
    /// like Python's <c>x[start:end:step]</c>: negative positions count from the end and positions past
    /// the end are clipped; <paramref name="step"/> must be positive.
    /// </summary>
    public Tensor Slice(long dim, long start, long end = long.MaxValue, long step = 1)
    {
        var status = NativeMethods.mg_indexing_slice(Handle, dim, start, end, step, out var h);
        return Wrap(status, h);
    }

    /// <summary>Entry <paramref name="index"/> of dimension <paramref name="dim"/>, which disappears: (..., n, ...) -> (..., ...).</summary>
    public Tensor Select(long dim, long index)
    {
        var status = NativeMethods.mg_indexing_select(Handle, dim, index, out var h);
        return Wrap(status, h);
    }

    /// <summary>
    /// The entries of dimension <paramref name="dim"/> named by the 1-D int64 <paramref name="index"/>, in its
    /// order (a copy): (..., n, ...) -> (..., k, ...) for k indices. Used to take a batch out of a dataset tensor.
    /// </summary>
    public Tensor IndexSelect(long dim, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var status = NativeMethods.mg_indexing_index_select(Handle, dim, index.Handle, out var h);
        return Wrap(status, h);
    }

    /// <summary>
    /// out[i][j] = this[index[i][j]][j] for <paramref name="dim"/> = 0 (and likewise for other dims):
    /// the int64 <paramref name="index"/> has this tensor's rank and gives the output's shape.
    /// </summary>
    public Tensor Gather(long dim, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var status = NativeMethods.mg_indexing_gather(Handle, dim, index.Handle, out var h);
        return Wrap(status, h);
    }

    /// <summary>
    /// A copy of this tensor with <paramref name="source"/> added at the positions <paramref name="index"/>
    /// names along <paramref name="dim"/> (the inverse of <see cref="Gather"/>; repeated positions add up).
    /// </summary>
    public Tensor ScatterAdd(long dim, Tensor index, Tensor source)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(source);
        var status = NativeMethods.mg_indexing_scatter_add(Handle, dim, index.Handle, source.Handle, out var h);
        return Wrap(status, h);
    }

    /// <summary>A copy with <paramref name="value"/> wherever the Bool <paramref name="mask"/> (broadcast) is true.</summary>
    public Tensor MaskedFill(Tensor mask, double value)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var status = NativeMethods.mg_indexing_masked_fill(Handle, mask.Handle, value, out var h);
        return Wrap(status, h);
    }

    /// <summary>
    /// One-hot encoding of int64 class indices: (...) -> (..., numClasses) int64. With
    /// <paramref name="numClasses"/> = -1 the count is the largest index + 1.
    /// </summary>
    public Tensor OneHot(long numClasses = -1)
    {
        var status = NativeMethods.mg_indexing_one_hot(Handle, numClasses, out var h);
        return Wrap(status, h);
    }

    /// <summary>
    /// Splits into at most <paramref name="chunks"/> views of nearly equal size along <paramref name="dim"/>
    /// (each but the last has ceil(n / chunks) entries, so fewer parts may come back).
    /// </summary>
    public Tensor[] Chunk(long chunks, long dim = 0)
    {
        if (chunks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(chunks), chunks, "chunk count must be at least 1");
        }

        var size = Size(checked((int)dim));
        var capacity = (int)(size == 0 ? Math.Min(chunks, int.MaxValue) : Math.Min(chunks, size));
        return Parts(capacity, (outs, cap) => (NativeMethods.mg_indexing_chunk(Handle, chunks, dim, outs, cap, out var n), n));
    }

    /// <summary>Splits into views of <paramref name="splitSize"/> entries along <paramref name="dim"/> (the last may be smaller).</summary>
    public Tensor[] Split(long splitSize, long dim = 0)
    {
        if (splitSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(splitSize), splitSize, "split size must be at least 1");
        }

        var size = Size(checked((int)dim));
        var capacity = (int)Math.Max(1, (size + splitSize - 1) / splitSize);
        return Parts(capacity, (outs, cap) => (NativeMethods.mg_indexing_split(Handle, splitSize, dim, outs, cap, out var n), n));
    }

    /// <summary>Splits into views of the given <paramref name="sizes"/> along <paramref name="dim"/>; they must add up to its size.</summary>
    public Tensor[] Split(long[] sizes, long dim = 0)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        return Parts(
            Math.Max(1, sizes.Length),
            (outs, cap) => (NativeMethods.mg_indexing_split_sizes(Handle, sizes, sizes.Length, dim, outs, cap, out var n), n));
    }

    /// <summary>Reverses the order of entries along each of <paramref name="dims"/> (a copy).</summary>
    public Tensor Flip(params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        var status = NativeMethods.mg_indexing_flip(Handle, dims, dims.Length, out var h);
        return Wrap(status, h);
    }

    /// <summary>
    /// Tiles the tensor <paramref name="repeats"/>[i] times along dimension i (like torch's repeat; extra
    /// leading repeats add dimensions): (2, 3).Repeat(2, 1, 2) -> (2, 2, 6).
    /// </summary>
    public Tensor Repeat(params long[] repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        var status = NativeMethods.mg_indexing_repeat(Handle, repeats, repeats.Length, out var h);
        return Wrap(status, h);
    }

    private static Tensor[] Parts(int capacity, Func<IntPtr[], int, (int Status, int Count)> call)
    {
        var handles = new IntPtr[capacity];
        var (status, count) = call(handles, capacity);
        NativeChecks.Check(status);
        var result = new Tensor[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = new Tensor(handles[i]);
        }

        return result;
    }
}
