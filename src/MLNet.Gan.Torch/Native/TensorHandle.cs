// Owns one native at::Tensor* and releases it with mg_tensor_dispose.
using System.Runtime.InteropServices;

namespace MLNet.Gan.Torch.Native;

internal sealed class TensorHandle : SafeHandle
{
    public TensorHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    internal TensorHandle(IntPtr handle)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => NativeMethods.mg_tensor_dispose(handle) == 0;
}
