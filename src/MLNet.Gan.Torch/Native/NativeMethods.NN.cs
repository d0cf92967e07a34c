// Raw declarations of nn_ops.cpp: layers' functional ops, losses, init, spectral norm.
using System.Runtime.InteropServices;

namespace MLNet.Gan.Torch.Native;

/// <summary>Codes of mg_nn_loss (nn_ops.h).</summary>
internal enum LossKind
{
    BceWithLogits, Bce, Mse, L1, CrossEntropy,
}

/// <summary>Codes of mg_nn_init (nn_ops.h).</summary>
internal enum InitKind
{
    Normal, Uniform, Constant,
}

internal static partial class NativeMethods
{
    [LibraryImport(Lib)]
    internal static partial int mg_nn_linear(TensorHandle x, TensorHandle weight, IntPtr bias, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_nn_conv2d(TensorHandle x, TensorHandle weight, IntPtr bias, long[] stride, long[] padding, long[] dilation, long groups, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_nn_conv_transpose2d(TensorHandle x, TensorHandle weight, IntPtr bias, long[] stride, long[] padding, long[] outputPadding, long[] dilation, long groups, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_nn_batch_norm(TensorHandle x, IntPtr weight, IntPtr bias, IntPtr runningMean, IntPtr runningVar, IntPtr numBatchesTracked, int training, double momentum, double eps, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_nn_instance_norm(TensorHandle x, IntPtr weight, IntPtr bias, IntPtr runningMean, IntPtr runningVar, int useInputStats, double momentum, double eps, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_nn_embedding(TensorHandle weight, TensorHandle indices, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_nn_dropout(TensorHandle x, double p, int training, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_nn_leaky_relu(TensorHandle x, double negativeSlope, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_nn_pixel_shuffle(TensorHandle x, long factor, int inverse, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_nn_upsample2d(TensorHandle x, int mode, long[]? size, double[]? scales, int alignCorners, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_nn_pad(TensorHandle x, long[] pads, int count, int mode, double value, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_nn_loss(int kind, TensorHandle input, TensorHandle target, IntPtr weight, int reduction, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_nn_bce_with_logits_scalar(TensorHandle input, double target, int reduction, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_nn_init(TensorHandle t, int kind, double a, double b);

    [LibraryImport(Lib)]
    internal static partial int mg_nn_set_data_to(TensorHandle t, int dtype, int deviceType, int deviceIndex);

    [LibraryImport(Lib)]
    internal static partial int mg_nn_spectral_norm(TensorHandle weightOrig, TensorHandle u, TensorHandle v, long dim, int iterations, int training, double eps, out IntPtr result);
}
