// Raw declarations of autograd.cpp: requires_grad, gradients, backward, grad mode, autograd.grad.
using System.Runtime.InteropServices;

namespace MLNet.Gan.Torch.Native;

internal static partial class NativeMethods
{
    [LibraryImport(Lib)]
    internal static partial int mg_tensor_set_requires_grad(TensorHandle x, int value);

    [LibraryImport(Lib)]
    internal static partial int mg_autograd_is_leaf(TensorHandle x, out int result);

    [LibraryImport(Lib)]
    internal static partial int mg_autograd_retain_grad(TensorHandle x);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_grad(TensorHandle x, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_zero_grad(TensorHandle x);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_backward(TensorHandle x, IntPtr grad, int retainGraph);

    [LibraryImport(Lib)]
    internal static partial int mg_autograd_grad(
        IntPtr[] outputs,
        int outputCount,
        IntPtr[] inputs,
        int inputCount,
        IntPtr[] gradOutputs,
        int gradOutputCount,
        int retainGraph,
        int createGraph,
        int allowUnused,
        [Out] IntPtr[] results);

    [LibraryImport(Lib)]
    internal static partial int mg_grad_mode_get(out int enabled);

    [LibraryImport(Lib)]
    internal static partial int mg_grad_mode_set(int enabled);
}
