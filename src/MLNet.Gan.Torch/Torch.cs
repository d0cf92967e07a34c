// The entry point of the torch layer: factories, scopes, seeds, threads and devices.
using System.Text;
using MLNet.Gan.Torch.Native;
using static MLNet.Gan.Torch.Native.NativeChecks;

namespace MLNet.Gan.Torch;

/// <summary>Factories and global settings of the libtorch engine.</summary>
public static partial class Torch
{
    private enum FactoryKind
    {
        Zeros = 0,
        Ones = 1,
        Empty = 2,
        Full = 3,
        Randn = 4,
        Rand = 5,
    }

    /// <summary>Opens a dispose scope on this thread; see <see cref="DisposeScope"/>.</summary>
    public static DisposeScope NewScope() => new();

    /// <summary>The libtorch version the shim was built against.</summary>
    public static unsafe string Version
    {
        get
        {
            var buffer = new byte[128];
            fixed (byte* p = buffer)
            {
                Check(NativeMethods.mg_version(p, buffer.Length, out var length));
                return Encoding.UTF8.GetString(buffer, 0, Math.Min(length, buffer.Length - 1));
            }
        }
    }

    /// <summary>Seeds libtorch's random generators so that CPU runs repeat exactly.</summary>
    public static void ManualSeed(long seed) => Check(NativeMethods.mg_manual_seed(unchecked((ulong)seed)));

    /// <summary>The full state of the CPU random generator (for exact resume of training).</summary>
    public static Tensor GetRngState()
    {
        var status = NativeMethods.mg_rng_get_state(out var h);
        return CheckTensor(status, h);
    }

    /// <summary>Restores a state from <see cref="GetRngState"/>.</summary>
    public static void SetRngState(Tensor state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Check(NativeMethods.mg_rng_set_state(state.Handle));
    }

    /// <summary>
    /// Intra-op threads libtorch uses on the CPU. At start-up: MLNETGAN_THREADS when set (a whole number of
    /// at least 1; any other value makes the first native call throw a <see cref="FormatException"/> naming it),
    /// else OpenMP's choice when OMP_NUM_THREADS is set, else the number of cores.
    /// </summary>
    public static int Threads
    {
        get
        {
            Check(NativeMethods.mg_threads_get(out var n));
            return n;
        }

        set
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "thread count must be at least 1");
            }

            Check(NativeMethods.mg_threads_set(value));
        }
    }

    /// <summary>Number of CUDA devices libtorch sees (0 with a CPU-only libtorch).</summary>
    public static int CudaDeviceCount
    {
        get
        {
            Check(NativeMethods.mg_cuda_device_count(out var n));
            return n;
        }
    }

    /// <summary>True when a CUDA device can be used.</summary>
    public static bool CudaIsAvailable => CudaDeviceCount > 0;

    /// <summary>Whether autograd records operations on this thread.</summary>
    public static bool IsGradEnabled
    {
        get
        {
            Check(NativeMethods.mg_grad_mode_get(out var e));
            return e != 0;
        }

        set => Check(NativeMethods.mg_grad_mode_set(value ? 1 : 0));
    }

    /// <summary>Turns autograd off on this thread until the returned guard is disposed.</summary>
    public static IDisposable NoGrad() => new GradModeGuard(false);

    /// <summary>Turns autograd on on this thread until the returned guard is disposed.</summary>
    public static IDisposable EnableGrad() => new GradModeGuard(true);

    private static Tensor Factory(FactoryKind kind, long[] shape, double value, ScalarType dtype, Device? device)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var d = device ?? Device.Cpu;
        var status = NativeMethods.mg_tensor_factory((int)kind, shape, shape.Length, value, (int)dtype, (int)d.Type, d.Index, out var h);
        return CheckTensor(status, h);
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Factory(FactoryKind.Zeros, shape, 0, dtype, device);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Factory(FactoryKind.Ones, shape, 0, dtype, device);

    /// <summary>An uninitialised tensor.</summary>
    public static Tensor Empty(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Factory(FactoryKind.Empty, shape, 0, dtype, device);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(long[] shape, double value, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Factory(FactoryKind.Full, shape, value, dtype, device);

    /// <summary>Standard normal samples.</summary>
    public static Tensor Randn(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Factory(FactoryKind.Randn, shape, 0, dtype, device);

    /// <summary>Uniform samples in [0, 1).</summary>
    public static Tensor Rand(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Factory(FactoryKind.Rand, shape, 0, dtype, device);

    private static Tensor FactoryLike(FactoryKind kind, Tensor like, double value, ScalarType? dtype)
    {
        ArgumentNullException.ThrowIfNull(like);
        var status = NativeMethods.mg_tensor_factory_like((int)kind, like.Handle, value, dtype is null ? -1 : (int)dtype.Value, out var h);
        return CheckTensor(status, h);
    }

    /// <summary>Zeros shaped like <paramref name="like"/>, on its device, of its dtype unless <paramref name="dtype"/> is given.</summary>
    public static Tensor ZerosLike(Tensor like, ScalarType? dtype = null) => FactoryLike(FactoryKind.Zeros, like, 0, dtype);

    /// <summary>Ones shaped like <paramref name="like"/>, on its device, of its dtype unless <paramref name="dtype"/> is given.</summary>
    public static Tensor OnesLike(Tensor like, ScalarType? dtype = null) => FactoryLike(FactoryKind.Ones, like, 0, dtype);

    /// <summary><paramref name="value"/> everywhere, shaped like <paramref name="like"/> (its device; its dtype unless given).</summary>
    public static Tensor FullLike(Tensor like, double value, ScalarType? dtype = null) => FactoryLike(FactoryKind.Full, like, value, dtype);

    /// <summary>Standard normal samples shaped like <paramref name="like"/> (a floating dtype).</summary>
    public static Tensor RandnLike(Tensor like, ScalarType? dtype = null) => FactoryLike(FactoryKind.Randn, like, 0, dtype);

    /// <summary>Uniform samples in [0, 1) shaped like <paramref name="like"/> (a floating dtype).</summary>
    public static Tensor RandLike(Tensor like, ScalarType? dtype = null) => FactoryLike(FactoryKind.Rand, like, 0, dtype);

    /// <summary><paramref name="steps"/> evenly spaced values from <paramref name="start"/> to <paramref name="end"/>, both included.</summary>
    public static Tensor Linspace(double start, double end, long steps, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var d = device ?? Device.Cpu;
        var status = NativeMethods.mg_tensor_linspace(start, end, steps, (int)dtype, (int)d.Type, d.Index, out var h);
        return CheckTensor(status, h);
    }

    /// <summary>
    /// Elementwise <paramref name="condition"/> ? <paramref name="x"/> : <paramref name="y"/> with broadcasting;
    /// the condition is a Bool tensor. Gradients flow to both branches where each was chosen.
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return WhereCore(condition, x, 0, y, 0);
    }

    /// <summary>
    /// <paramref name="condition"/> ? <paramref name="x"/> : the scalar <paramref name="y"/>, elementwise. The scalar
    /// promotes as in PyTorch: a whole number keeps an integer tensor integral, a fraction makes the result float.
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor x, double y)
    {
        ArgumentNullException.ThrowIfNull(x);
        return WhereCore(condition, x, 0, null, y);
    }

    /// <summary><paramref name="condition"/> ? the scalar <paramref name="x"/> : <paramref name="y"/>, elementwise.</summary>
    public static Tensor Where(Tensor condition, double x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(y);
        return WhereCore(condition, null, x, y, 0);
    }

    /// <summary><paramref name="condition"/> ? <paramref name="x"/> : <paramref name="y"/> as a float32 tensor shaped like the condition.</summary>
    public static Tensor Where(Tensor condition, double x, double y) => WhereCore(condition, null, x, null, y);

    private static Tensor WhereCore(Tensor condition, Tensor? x, double xValue, Tensor? y, double yValue)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var status = NativeMethods.mg_indexing_where(condition.Handle, Tensor.RawOrZero(x), xValue, Tensor.RawOrZero(y), yValue, out var h);
        GC.KeepAlive(x);
        GC.KeepAlive(y);
        return CheckTensor(status, h);
    }

    /// <summary>Uniform integers in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static Tensor RandInt(long low, long high, long[] shape, ScalarType dtype = ScalarType.Int64, Device? device = null)
    {
        var d = device ?? Device.Cpu;
        var status = NativeMethods.mg_tensor_randint(low, high, shape, shape.Length, (int)dtype, (int)d.Type, d.Index, out var h);
        return CheckTensor(status, h);
    }

    /// <summary>A random permutation of 0..n-1 (int64).</summary>
    public static Tensor RandPerm(long n, Device? device = null)
    {
        var d = device ?? Device.Cpu;
        var status = NativeMethods.mg_tensor_randperm(n, (int)d.Type, d.Index, out var h);
        return CheckTensor(status, h);
    }

    /// <summary>Values from <paramref name="start"/> up to (not including) <paramref name="end"/>.</summary>
    public static Tensor Arange(double start, double end, double step = 1, ScalarType dtype = ScalarType.Int64, Device? device = null)
    {
        var d = device ?? Device.Cpu;
        var status = NativeMethods.mg_tensor_arange(start, end, step, (int)dtype, (int)d.Type, d.Index, out var h);
        return CheckTensor(status, h);
    }

    /// <summary>Joins tensors along an existing dimension.</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var status = NativeMethods.mg_tensor_cat(Tensor.RawHandles(tensors), tensors.Count, dim, out var h);
        GC.KeepAlive(tensors);
        return CheckTensor(status, h);
    }

    /// <summary>Joins tensors along a new dimension.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var status = NativeMethods.mg_tensor_stack(Tensor.RawHandles(tensors), tensors.Count, dim, out var h);
        GC.KeepAlive(tensors);
        return CheckTensor(status, h);
    }

    private sealed class GradModeGuard : IDisposable
    {
        private readonly bool _previous;
        private bool _disposed;

        public GradModeGuard(bool enabled)
        {
            _previous = IsGradEnabled;
            IsGradEnabled = enabled;
        }

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                IsGradEnabled = _previous;
            }
        }
    }
}
