// Raw declarations of mg_common.cpp: errors, version, threads, seeds, RNG state.
using System.Runtime.InteropServices;

namespace MLNet.Gan.Torch.Native;

internal static partial class NativeMethods
{
    private const string Lib = NativeLibraryLoader.LibraryName;

    static NativeMethods() => NativeLibraryLoader.Register();

    [LibraryImport(Lib)]
    internal static partial IntPtr mg_last_error();

    [LibraryImport(Lib)]
    internal static unsafe partial int mg_version(byte* buffer, int capacity, out int length);

    [LibraryImport(Lib)]
    internal static partial int mg_threads_get(out int count);

    [LibraryImport(Lib)]
    internal static partial int mg_threads_set(int count);

    [LibraryImport(Lib)]
    internal static partial int mg_manual_seed(ulong seed);

    [LibraryImport(Lib)]
    internal static partial int mg_cuda_device_count(out int count);

    [LibraryImport(Lib)]
    internal static partial int mg_rng_get_state(out IntPtr state);

    [LibraryImport(Lib)]
    internal static partial int mg_rng_set_state(TensorHandle state);
}
