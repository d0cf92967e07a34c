// Raw declarations of shape.cpp: views (reshape, permute, squeeze, flatten, expand) and conversions.
using System.Runtime.InteropServices;

namespace MLNet.Gan.Torch.Native;

internal static partial class NativeMethods
{
    [LibraryImport(Lib)]
    internal static partial int mg_tensor_reshape(TensorHandle x, long[] shape, int ndim, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_view(TensorHandle x, long[] shape, int ndim, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_permute(TensorHandle x, long[] order, int ndim, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_transpose(TensorHandle x, long d0, long d1, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_unsqueeze(TensorHandle x, long dim, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_squeeze(TensorHandle x, long dim, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_flatten(TensorHandle x, long start, long end, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_expand(TensorHandle x, long[] shape, int ndim, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_contiguous(TensorHandle x, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_clone(TensorHandle x, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_detach(TensorHandle x, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_to(TensorHandle x, int dtype, int deviceType, int deviceIndex, out IntPtr result);
}
