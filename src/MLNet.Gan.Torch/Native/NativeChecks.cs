// Turns the shim's status codes into .NET exceptions that carry libtorch's message.
using System.Runtime.InteropServices;

namespace MLNet.Gan.Torch.Native;

internal static class NativeChecks
{
    /// <summary>Throws <see cref="TorchException"/> when a native call reported failure.</summary>
    internal static void Check(int status)
    {
        if (status != 0)
        {
            throw new TorchException(LastError());
        }
    }

    /// <summary>Checks a call that produced a tensor and wraps the handle.</summary>
    internal static Tensor CheckTensor(int status, IntPtr result)
    {
        Check(status);
        if (result == IntPtr.Zero)
        {
            throw new TorchException("native call returned no tensor");
        }

        return new Tensor(result);
    }

    internal static string LastError()
    {
        var ptr = NativeMethods.mg_last_error();
        var message = ptr == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(ptr);
        return string.IsNullOrWhiteSpace(message) ? "unknown native error" : message.Trim();
    }
}
