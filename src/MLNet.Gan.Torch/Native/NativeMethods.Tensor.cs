// Raw declarations of tensor.cpp: lifetime, metadata, data, factories, elementwise, reductions.
using System.Runtime.InteropServices;

namespace MLNet.Gan.Torch.Native;

/// <summary>Codes of mg_tensor_unary (tensor.h).</summary>
internal enum UnaryOp
{
    Neg, Exp, Log, Sqrt, Rsqrt, Abs, Sign, Floor, Ceil, Round, Relu, Sigmoid, Tanh, Softplus, LogSigmoid,
    Sin, Cos, Square, Reciprocal, Log1p, Expm1, IsNan, IsFinite, LogicalNot, Gelu, Silu, Erf, Log2, Trunc,
}

/// <summary>Codes of mg_tensor_binary and mg_tensor_binary_scalar (tensor.h).</summary>
internal enum BinaryOp
{
    Add, Sub, Mul, Div, Pow, Maximum, Minimum, Eq, Ne, Lt, Le, Gt, Ge, LogicalAnd, LogicalOr, Remainder, Atan2,
    RSub,
}

/// <summary>Codes of mg_tensor_reduce (tensor.h).</summary>
internal enum ReduceOp
{
    Sum, Mean, AMax, AMin, Prod, Std, Var, ArgMax, ArgMin, LogSumExp, Norm, Any, All,
}

internal static partial class NativeMethods
{
    [LibraryImport(Lib)]
    internal static partial int mg_tensor_dispose(IntPtr tensor);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_info(TensorHandle t, out int dtype, out int ndim, out int deviceType, out int deviceIndex, out int requiresGrad);

    [LibraryImport(Lib)]
    internal static unsafe partial int mg_tensor_shape(TensorHandle t, long* dims, int capacity);

    [LibraryImport(Lib)]
    internal static unsafe partial int mg_tensor_from_data(void* data, long nbytes, int dtype, long[] shape, int ndim, out IntPtr result);

    [LibraryImport(Lib)]
    internal static unsafe partial int mg_tensor_copy_to(TensorHandle t, void* dst, long nbytes);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_item(TensorHandle t, out double value);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_item_int64(TensorHandle t, out long value);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_factory(int kind, long[] shape, int ndim, double value, int dtype, int deviceType, int deviceIndex, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_randint(long low, long high, long[] shape, int ndim, int dtype, int deviceType, int deviceIndex, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_arange(double start, double end, double step, int dtype, int deviceType, int deviceIndex, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_randperm(long n, int deviceType, int deviceIndex, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_factory_like(int kind, TensorHandle like, double value, int dtype, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_linspace(double start, double end, long steps, int dtype, int deviceType, int deviceIndex, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_clamp(TensorHandle x, int hasMin, double min, int hasMax, double max, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_softmax(TensorHandle x, long dim, int log, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_equal(TensorHandle a, TensorHandle b, out int result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_allclose(TensorHandle a, TensorHandle b, double rtol, double atol, int equalNan, out int result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_unary(TensorHandle x, UnaryOp op, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_binary(TensorHandle a, TensorHandle b, BinaryOp op, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_binary_scalar(TensorHandle a, double b, BinaryOp op, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_reduce(TensorHandle x, ReduceOp op, long[]? dims, int ndim, int keepdim, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_add_(TensorHandle a, TensorHandle b, double alpha);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_mul_scalar_(TensorHandle a, double s);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_copy_(TensorHandle dst, TensorHandle src);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_fill_(TensorHandle t, double value);

    [LibraryImport(Lib)]
    internal static partial int mg_tensor_matmul(TensorHandle a, TensorHandle b, out IntPtr result);
}
