// A libtorch tensor owned from .NET: metadata, data in and out, lifetime and scopes.
using System.Runtime.InteropServices;
using MLNet.Gan.Torch.Native;
using static MLNet.Gan.Torch.Native.NativeChecks;

namespace MLNet.Gan.Torch;

/// <summary>
/// A multi-dimensional array on a device, backed by libtorch. Every tensor made while a
/// <see cref="DisposeScope"/> is open belongs to that scope; otherwise dispose it yourself
/// (or let the garbage collector release it).
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private readonly TensorHandle _handle;

    internal Tensor(IntPtr handle)
    {
        _handle = new TensorHandle(handle);
        DisposeScope.Attach(this);
    }

    /// <summary>The dispose scope that owns this tensor, or null.</summary>
    public DisposeScope? OwnerScope { get; internal set; }

    /// <summary>True once the tensor was disposed (directly or by its scope).</summary>
    public bool IsDisposed => _handle.IsClosed;

    internal TensorHandle Handle
    {
        get
        {
            if (_handle.IsClosed)
            {
                throw new ObjectDisposedException(
                    nameof(Tensor),
                    "This tensor was already disposed, directly or by the dispose scope it was made in. " +
                    "To keep a tensor past its scope, call MoveToOuterScope() or DetachFromDisposeScope() on it.");
            }

            return _handle;
        }
    }

    /// <summary>The raw handle for calls that take arrays or optional tensors (keep the tensor alive meanwhile).</summary>
    internal IntPtr RawHandle => Handle.DangerousGetHandle();

    /// <summary>The raw handle of an optional tensor: zero when <paramref name="t"/> is null.</summary>
    internal static IntPtr RawOrZero(Tensor? t) => t is null ? IntPtr.Zero : t.RawHandle;

    /// <summary>The raw handles of several tensors.</summary>
    internal static IntPtr[] RawHandles(IReadOnlyList<Tensor> ts)
    {
        var result = new IntPtr[ts.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = ts[i].RawHandle;
        }

        return result;
    }

    /// <summary>Frees the native tensor now.</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>Moves this tensor to the scope enclosing its owner (or to no scope) and returns it.</summary>
    public Tensor MoveToOuterScope()
    {
        var parent = OwnerScope?.Parent;
        if (parent is null)
        {
            OwnerScope = null;
        }
        else
        {
            parent.Include(this);
        }

        return this;
    }

    /// <summary>Takes this tensor out of every dispose scope: its lifetime is now the caller's.</summary>
    public Tensor DetachFromDisposeScope()
    {
        OwnerScope = null;
        return this;
    }

    private (ScalarType Dtype, int Dim, Device Device, bool RequiresGrad) Info()
    {
        Check(NativeMethods.mg_tensor_info(Handle, out var dtype, out var ndim, out var dt, out var di, out var rg));
        return ((ScalarType)dtype, ndim, new Device((DeviceType)dt, di), rg != 0);
    }

    /// <summary>Element type.</summary>
    public ScalarType Dtype => Info().Dtype;

    /// <summary>Number of dimensions.</summary>
    public int Dim => Info().Dim;

    /// <summary>The device holding the data.</summary>
    public Device Device => Info().Device;

    /// <summary>The size of every dimension.</summary>
    public unsafe long[] Shape
    {
        get
        {
            var dims = new long[Dim];
            fixed (long* p = dims)
            {
                Check(NativeMethods.mg_tensor_shape(Handle, p, dims.Length));
            }

            return dims;
        }
    }

    /// <summary>The size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public long Size(int dim)
    {
        var shape = Shape;
        var d = dim < 0 ? dim + shape.Length : dim;
        if (d < 0 || d >= shape.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(dim), dim, $"tensor has {shape.Length} dimensions");
        }

        return shape[d];
    }

    /// <summary>Total number of elements.</summary>
    public long NumberOfElements => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Whether autograd records operations on this tensor.</summary>
    public bool RequiresGrad
    {
        get => Info().RequiresGrad;
        set => Check(NativeMethods.mg_tensor_set_requires_grad(Handle, value ? 1 : 0));
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor.</summary>
    public Tensor RequiresGrad_(bool value = true)
    {
        RequiresGrad = value;
        return this;
    }

    /// <summary>Creates a CPU tensor holding a copy of <paramref name="data"/> in the given shape.</summary>
    public static unsafe Tensor From<T>(ReadOnlySpan<T> data, params long[] shape)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(shape);
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (shape.Any(s => s < 0) || count != data.Length)
        {
            throw new ArgumentException(
                $"shape [{string.Join(", ", shape)}] holds {count} elements but {data.Length} values were given",
                nameof(shape));
        }

        fixed (T* p = data)
        {
            var status = NativeMethods.mg_tensor_from_data(p, (long)data.Length * sizeof(T), (int)ScalarTypes.Of<T>(), shape, shape.Length, out var h);
            return CheckTensor(status, h);
        }
    }

    /// <summary>Creates a CPU tensor from an array; a 1-D tensor when no shape is given.</summary>
    public static Tensor From<T>(T[] data, params long[] shape)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        return From<T>(data.AsSpan(), shape.Length == 0 ? new long[] { data.Length } : shape);
    }

    /// <summary>Copies the elements, in row-major order, into a new array (from any device).</summary>
    public unsafe T[] ToArray<T>()
        where T : unmanaged
    {
        var dtype = Dtype;
        if (ScalarTypes.Of<T>() != dtype)
        {
            throw new InvalidOperationException(
                $"cannot read a {dtype} tensor as {typeof(T).Name}: convert it first, e.g. To(ScalarType.{ScalarTypes.Of<T>()})");
        }

        var result = new T[NumberOfElements];
        fixed (T* p = result)
        {
            Check(NativeMethods.mg_tensor_copy_to(Handle, p, (long)result.Length * sizeof(T)));
        }

        return result;
    }

    /// <summary>Copies the elements into <paramref name="destination"/>, which must hold exactly that many.</summary>
    public unsafe void CopyTo<T>(Span<T> destination)
        where T : unmanaged
    {
        if (ScalarTypes.Of<T>() != Dtype)
        {
            throw new InvalidOperationException($"cannot read a {Dtype} tensor as {typeof(T).Name}");
        }

        fixed (T* p = destination)
        {
            Check(NativeMethods.mg_tensor_copy_to(Handle, p, (long)destination.Length * sizeof(T)));
        }
    }

    /// <summary>Creates a CPU tensor of <paramref name="dtype"/> from its raw little-endian bytes.</summary>
    public static unsafe Tensor FromBytes(ReadOnlySpan<byte> bytes, ScalarType dtype, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        fixed (byte* p = bytes)
        {
            var status = NativeMethods.mg_tensor_from_data(p, bytes.Length, (int)dtype, shape, shape.Length, out var h);
            return CheckTensor(status, h);
        }
    }

    /// <summary>Copies the raw bytes of the elements (row-major) into <paramref name="destination"/>.</summary>
    internal unsafe void CopyRawBytes(Span<byte> destination)
    {
        fixed (byte* p = destination)
        {
            Check(NativeMethods.mg_tensor_copy_to(Handle, p, destination.Length));
        }
    }

    /// <summary>The value of a one-element tensor.</summary>
    public double ToDouble()
    {
        Check(NativeMethods.mg_tensor_item(Handle, out var v));
        return v;
    }

    /// <summary>The value of a one-element tensor as float.</summary>
    public float ToSingle() => (float)ToDouble();

    /// <summary>
    /// The value of a one-element tensor as long, read exactly from an integer tensor (also beyond 2^53);
    /// a floating value is truncated toward zero, and one outside the long range (or NaN) throws.
    /// </summary>
    public long ToInt64()
    {
        Check(NativeMethods.mg_tensor_item_int64(Handle, out var v));
        return v;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        IsDisposed ? "Tensor (disposed)" : $"Tensor [{string.Join(", ", Shape)}] {Dtype} {Device}";

    internal static Tensor Wrap(int status, IntPtr handle) => CheckTensor(status, handle);
}
