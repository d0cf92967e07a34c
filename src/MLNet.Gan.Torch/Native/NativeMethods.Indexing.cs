// Raw declarations of indexing.cpp: slicing, index tensors, masks, where, one_hot, joins and splits.
using System.Runtime.InteropServices;

namespace MLNet.Gan.Torch.Native;

internal static partial class NativeMethods
{
    [LibraryImport(Lib)]
    internal static partial int mg_indexing_narrow(TensorHandle x, long dim, long start, long length, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_indexing_slice(TensorHandle x, long dim, long start, long end, long step, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_indexing_select(TensorHandle x, long dim, long index, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_indexing_index_select(TensorHandle x, long dim, TensorHandle index, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_indexing_gather(TensorHandle x, long dim, TensorHandle index, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_indexing_scatter_add(TensorHandle x, long dim, TensorHandle index, TensorHandle src, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_indexing_masked_fill(TensorHandle x, TensorHandle mask, double value, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_indexing_where(TensorHandle cond, IntPtr a, double aValue, IntPtr b, double bValue, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_indexing_one_hot(TensorHandle x, long numClasses, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_cat(IntPtr[] xs, int count, long dim, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_stack(IntPtr[] xs, int count, long dim, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_indexing_chunk(TensorHandle x, long chunks, long dim, [Out] IntPtr[] outs, int capacity, out int count);

    [LibraryImport(Lib)]
    internal static partial int mg_indexing_split(TensorHandle x, long size, long dim, [Out] IntPtr[] outs, int capacity, out int count);

    [LibraryImport(Lib)]
    internal static partial int mg_indexing_split_sizes(TensorHandle x, long[] sizes, int n, long dim, [Out] IntPtr[] outs, int capacity, out int count);

    [LibraryImport(Lib)]
    internal static partial int mg_indexing_flip(TensorHandle x, long[] dims, int n, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_indexing_repeat(TensorHandle x, long[] reps, int n, out IntPtr result);
}
