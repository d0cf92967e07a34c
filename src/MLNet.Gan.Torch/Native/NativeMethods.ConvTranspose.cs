// Raw declarations of conv_transpose.cpp: the per-shape transposed-convolution choice, its policy and caches.
using System.Runtime.InteropServices;

namespace MLNet.Gan.Torch.Native;

internal static partial class NativeMethods
{
    [LibraryImport(Lib)]
    internal static partial int mg_convt_set_policy(int policy);

    [LibraryImport(Lib)]
    internal static partial int mg_convt_get_policy(out int policy);

    /// <summary>mg::conv_transpose2d under the current policy; each array is (height, width); bias may be zero.</summary>
    [LibraryImport(Lib)]
    internal static partial int mg_convt_forward(
        TensorHandle input, TensorHandle weight, IntPtr bias, long[] stride, long[] padding, long[] outputPadding,
        long groups, long[] dilation, out IntPtr result);

    /// <summary>libtorch's own at::conv_transpose2d, the reference.</summary>
    [LibraryImport(Lib)]
    internal static partial int mg_convt_reference(
        TensorHandle input, TensorHandle weight, IntPtr bias, long[] stride, long[] padding, long[] outputPadding,
        long groups, long[] dilation, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_convt_cache_size(out long choices, out long weights);

    [LibraryImport(Lib)]
    internal static partial int mg_convt_cache_clear();

    [LibraryImport(Lib)]
    internal static partial int mg_convt_last_choice(out int form);
}
