// Elementwise arithmetic, comparisons, activations, reductions and matmul.
using MLNet.Gan.Torch.Native;

namespace MLNet.Gan.Torch;

public sealed partial class Tensor
{
    private Tensor Unary(UnaryOp op)
    {
        var status = NativeMethods.mg_tensor_unary(Handle, op, out var h);
        return Wrap(status, h);
    }

    private Tensor Binary(Tensor other, BinaryOp op)
    {
        ArgumentNullException.ThrowIfNull(other);
        var status = NativeMethods.mg_tensor_binary(Handle, other.Handle, op, out var h);
        return Wrap(status, h);
    }

    private Tensor Binary(double other, BinaryOp op)
    {
        var status = NativeMethods.mg_tensor_binary_scalar(Handle, other, op, out var h);
        return Wrap(status, h);
    }

    private Tensor Reduce(ReduceOp op, long[]? dims, bool keepDim)
    {
        var status = NativeMethods.mg_tensor_reduce(Handle, op, dims, dims?.Length ?? -1, keepDim ? 1 : 0, out var h);
        return Wrap(status, h);
    }

    // Scalars follow PyTorch's promotion: a whole number with an integer tensor acts as an int
    // (labels + 1 stays Int64, labels / 2 gives Float32); any other double promotes to the default float.
#pragma warning disable CS1591 // operators and one-word math functions explain themselves
    public static Tensor operator +(Tensor a, Tensor b) => a.Binary(b, BinaryOp.Add);
    public static Tensor operator +(Tensor a, double b) => a.Binary(b, BinaryOp.Add);
    public static Tensor operator +(double a, Tensor b) => b.Binary(a, BinaryOp.Add);
    public static Tensor operator -(Tensor a, Tensor b) => a.Binary(b, BinaryOp.Sub);
    public static Tensor operator -(Tensor a, double b) => a.Binary(b, BinaryOp.Sub);
    public static Tensor operator -(double a, Tensor b) => b.Binary(a, BinaryOp.RSub);
    public static Tensor operator *(Tensor a, Tensor b) => a.Binary(b, BinaryOp.Mul);
    public static Tensor operator *(Tensor a, double b) => a.Binary(b, BinaryOp.Mul);
    public static Tensor operator *(double a, Tensor b) => b.Binary(a, BinaryOp.Mul);
    public static Tensor operator /(Tensor a, Tensor b) => a.Binary(b, BinaryOp.Div);
    public static Tensor operator /(Tensor a, double b) => a.Binary(b, BinaryOp.Div);
    public static Tensor operator /(double a, Tensor b) => b.Reciprocal().Binary(a, BinaryOp.Mul);
    public static Tensor operator -(Tensor a) => a.Unary(UnaryOp.Neg);

    public Tensor Neg() => Unary(UnaryOp.Neg);
    public Tensor Exp() => Unary(UnaryOp.Exp);
    public Tensor Log() => Unary(UnaryOp.Log);
    public Tensor Sqrt() => Unary(UnaryOp.Sqrt);
    public Tensor Rsqrt() => Unary(UnaryOp.Rsqrt);
    public Tensor Abs() => Unary(UnaryOp.Abs);
    public Tensor Sign() => Unary(UnaryOp.Sign);
    public Tensor Floor() => Unary(UnaryOp.Floor);
    public Tensor Ceil() => Unary(UnaryOp.Ceil);
    public Tensor Round() => Unary(UnaryOp.Round);
    public Tensor Relu() => Unary(UnaryOp.Relu);
    public Tensor Sigmoid() => Unary(UnaryOp.Sigmoid);
    public Tensor Tanh() => Unary(UnaryOp.Tanh);
    public Tensor Softplus() => Unary(UnaryOp.Softplus);
    public Tensor LogSigmoid() => Unary(UnaryOp.LogSigmoid);
    public Tensor Sin() => Unary(UnaryOp.Sin);
    public Tensor Cos() => Unary(UnaryOp.Cos);
    public Tensor Square() => Unary(UnaryOp.Square);
    public Tensor Reciprocal() => Unary(UnaryOp.Reciprocal);
    public Tensor Log1p() => Unary(UnaryOp.Log1p);
    public Tensor Expm1() => Unary(UnaryOp.Expm1);
    public Tensor IsNan() => Unary(UnaryOp.IsNan);
    public Tensor IsFinite() => Unary(UnaryOp.IsFinite);
    public Tensor LogicalNot() => Unary(UnaryOp.LogicalNot);
    public Tensor Gelu() => Unary(UnaryOp.Gelu);
    public Tensor Silu() => Unary(UnaryOp.Silu);
    public Tensor Erf() => Unary(UnaryOp.Erf);
    public Tensor Log2() => Unary(UnaryOp.Log2);
    public Tensor Trunc() => Unary(UnaryOp.Trunc);

    public Tensor Pow(Tensor exponent) => Binary(exponent, BinaryOp.Pow);
    public Tensor Pow(double exponent) => Binary(exponent, BinaryOp.Pow);
    public Tensor Maximum(Tensor other) => Binary(other, BinaryOp.Maximum);
    public Tensor Minimum(Tensor other) => Binary(other, BinaryOp.Minimum);
    public Tensor ClampMin(double min) => Binary(min, BinaryOp.Maximum);
    public Tensor ClampMax(double max) => Binary(max, BinaryOp.Minimum);
    public Tensor Eq(Tensor other) => Binary(other, BinaryOp.Eq);
    public Tensor Eq(double other) => Binary(other, BinaryOp.Eq);
    public Tensor Ne(Tensor other) => Binary(other, BinaryOp.Ne);
    public Tensor Ne(double other) => Binary(other, BinaryOp.Ne);
    public Tensor Lt(Tensor other) => Binary(other, BinaryOp.Lt);
    public Tensor Lt(double other) => Binary(other, BinaryOp.Lt);
    public Tensor Le(Tensor other) => Binary(other, BinaryOp.Le);
    public Tensor Le(double other) => Binary(other, BinaryOp.Le);
    public Tensor Gt(Tensor other) => Binary(other, BinaryOp.Gt);
    public Tensor Gt(double other) => Binary(other, BinaryOp.Gt);
    public Tensor Ge(Tensor other) => Binary(other, BinaryOp.Ge);
    public Tensor Ge(double other) => Binary(other, BinaryOp.Ge);
    public Tensor LogicalAnd(Tensor other) => Binary(other, BinaryOp.LogicalAnd);
    public Tensor LogicalOr(Tensor other) => Binary(other, BinaryOp.LogicalOr);
    public Tensor Remainder(Tensor other) => Binary(other, BinaryOp.Remainder);
    public Tensor Remainder(double other) => Binary(other, BinaryOp.Remainder);
    public Tensor Atan2(Tensor other) => Binary(other, BinaryOp.Atan2);
#pragma warning restore CS1591

    /// <summary>
    /// Limits every element to [<paramref name="min"/>, <paramref name="max"/>]; a null bound leaves that side
    /// open (at least one is required). The gradient is 1 inside the range and 0 outside.
    /// </summary>
    public Tensor Clamp(double? min, double? max)
    {
        if (min is null && max is null)
        {
            throw new ArgumentException("Clamp needs a min, a max or both", nameof(min));
        }

        var status = NativeMethods.mg_tensor_clamp(Handle, min.HasValue ? 1 : 0, min ?? 0, max.HasValue ? 1 : 0, max ?? 0, out var h);
        return Wrap(status, h);
    }

    /// <summary>exp(x) / sum(exp(x)) along <paramref name="dim"/>, computed stably: each slice sums to 1.</summary>
    public Tensor Softmax(long dim)
    {
        var status = NativeMethods.mg_tensor_softmax(Handle, dim, 0, out var h);
        return Wrap(status, h);
    }

    /// <summary>log(Softmax(dim)), computed stably (the input of a negative log-likelihood loss).</summary>
    public Tensor LogSoftmax(long dim)
    {
        var status = NativeMethods.mg_tensor_softmax(Handle, dim, 1, out var h);
        return Wrap(status, h);
    }

    /// <summary>
    /// True when <paramref name="other"/> has the same shape and equal elements (compared after type
    /// promotion, so 1f equals 1L; NaN equals nothing).
    /// </summary>
    public bool Equal(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        NativeChecks.Check(NativeMethods.mg_tensor_equal(Handle, other.Handle, out var result));
        return result != 0;
    }

    /// <summary>
    /// True when |this - other| &lt;= atol + rtol * |other| for every element (broadcast); both tensors must
    /// have the same dtype. With <paramref name="equalNan"/>, NaNs in the same place count as equal.
    /// </summary>
    public bool AllClose(Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equalNan = false)
    {
        ArgumentNullException.ThrowIfNull(other);
        NativeChecks.Check(NativeMethods.mg_tensor_allclose(Handle, other.Handle, rtol, atol, equalNan ? 1 : 0, out var result));
        return result != 0;
    }

    /// <summary>Sum of all elements.</summary>
    public Tensor Sum() => Reduce(ReduceOp.Sum, null, false);

    /// <summary>Sum over <paramref name="dims"/>.</summary>
    public Tensor Sum(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Sum, dims, keepDim);

    /// <summary>Mean of all elements.</summary>
    public Tensor Mean() => Reduce(ReduceOp.Mean, null, false);

    /// <summary>Mean over <paramref name="dims"/>.</summary>
    public Tensor Mean(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Mean, dims, keepDim);

    /// <summary>Largest element.</summary>
    public Tensor Max() => Reduce(ReduceOp.AMax, null, false);

    /// <summary>Largest values over <paramref name="dims"/>.</summary>
    public Tensor Max(long[] dims, bool keepDim = false) => Reduce(ReduceOp.AMax, dims, keepDim);

    /// <summary>Smallest element.</summary>
    public Tensor Min() => Reduce(ReduceOp.AMin, null, false);

    /// <summary>Smallest values over <paramref name="dims"/>.</summary>
    public Tensor Min(long[] dims, bool keepDim = false) => Reduce(ReduceOp.AMin, dims, keepDim);

    /// <summary>Product of all elements.</summary>
    public Tensor Prod() => Reduce(ReduceOp.Prod, null, false);

    /// <summary>Unbiased standard deviation of all elements.</summary>
    public Tensor Std() => Reduce(ReduceOp.Std, null, false);

    /// <summary>Unbiased standard deviation over <paramref name="dims"/>.</summary>
    public Tensor Std(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Std, dims, keepDim);

    /// <summary>Unbiased variance of all elements.</summary>
    public Tensor Var() => Reduce(ReduceOp.Var, null, false);

    /// <summary>Unbiased variance over <paramref name="dims"/>.</summary>
    public Tensor Var(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Var, dims, keepDim);

    /// <summary>Index of the largest element of the flattened tensor.</summary>
    public Tensor ArgMax() => Reduce(ReduceOp.ArgMax, null, false);

    /// <summary>Indices of the largest values along <paramref name="dim"/>.</summary>
    public Tensor ArgMax(long dim, bool keepDim = false) => Reduce(ReduceOp.ArgMax, new[] { dim }, keepDim);

    /// <summary>Indices of the smallest values along <paramref name="dim"/>.</summary>
    public Tensor ArgMin(long dim, bool keepDim = false) => Reduce(ReduceOp.ArgMin, new[] { dim }, keepDim);

    /// <summary>log(sum(exp(x))) over <paramref name="dims"/>, computed stably.</summary>
    public Tensor LogSumExp(long[] dims, bool keepDim = false) => Reduce(ReduceOp.LogSumExp, dims, keepDim);

    /// <summary>Euclidean norm of all elements.</summary>
    public Tensor Norm() => Reduce(ReduceOp.Norm, null, false);

    /// <summary>Euclidean norm over <paramref name="dims"/>.</summary>
    public Tensor Norm(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Norm, dims, keepDim);

    /// <summary>True if any element is non-zero.</summary>
    public Tensor Any() => Reduce(ReduceOp.Any, null, false);

    /// <summary>True if every element is non-zero.</summary>
    public Tensor All() => Reduce(ReduceOp.All, null, false);

    /// <summary>Matrix product with broadcasting (like torch.matmul).</summary>
    public Tensor MatMul(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var status = NativeMethods.mg_tensor_matmul(Handle, other.Handle, out var h);
        return Wrap(status, h);
    }

    /// <summary>In place, without autograd: this += alpha * other.</summary>
    public Tensor AddInPlace(Tensor other, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        NativeChecks.Check(NativeMethods.mg_tensor_add_(Handle, other.Handle, alpha));
        return this;
    }

    /// <summary>In place, without autograd: this *= factor.</summary>
    public Tensor MulInPlace(double factor)
    {
        NativeChecks.Check(NativeMethods.mg_tensor_mul_scalar_(Handle, factor));
        return this;
    }

    /// <summary>In place, without autograd: copies <paramref name="source"/> (broadcast, converted) into this tensor.</summary>
    public Tensor CopyFrom(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        NativeChecks.Check(NativeMethods.mg_tensor_copy_(Handle, source.Handle));
        return this;
    }

    /// <summary>In place, without autograd: sets every element to <paramref name="value"/>.</summary>
    public Tensor Fill(double value)
    {
        NativeChecks.Check(NativeMethods.mg_tensor_fill_(Handle, value));
        return this;
    }
}
