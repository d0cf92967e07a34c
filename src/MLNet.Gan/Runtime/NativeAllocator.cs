using System.Runtime.InteropServices;

namespace MLNet.Gan.Runtime;

/// <summary>
/// glibc's malloc settings, through <c>mallopt</c>. libtorch's CPU tensors come from malloc. With glibc's defaults a
/// training step's activations and gradients (hundreds of KB to MBs each) are mapped fresh from the kernel and handed back
/// at every step, so every step page-faults its memory in again; these settings keep it in the process for reuse.
/// </summary>
internal static partial class NativeAllocator
{
    /// <summary>Freed memory at the top of the heap is handed back to the kernel only beyond this many bytes (M_TRIM_THRESHOLD).</summary>
    internal const int TrimThreshold = int.MaxValue;

    /// <summary>The heap grows by at least this many bytes at a time (M_TOP_PAD): fewer, larger requests to the kernel.</summary>
    internal const int TopPad = 64 << 20;

    /// <summary>Blocks up to this size come from the heap, larger ones are mapped alone (M_MMAP_THRESHOLD; glibc's largest on 64-bit).</summary>
    internal const int MmapThreshold = 32 << 20;

    private const int MTrimThreshold = -1;
    private const int MTopPad = -2;
    private const int MMmapThreshold = -3;

    /// <summary>Applies the three settings; false where the C library is not glibc (or refuses one of them).</summary>
    internal static bool Retain()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // The order matters: fixing the mmap threshold stops glibc adjusting both thresholds itself.
            return mallopt(MMmapThreshold, MmapThreshold) == 1 && mallopt(MTrimThreshold, TrimThreshold) == 1 && mallopt(MTopPad, TopPad) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // another C library (musl names itself differently)
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int mallopt(int param, int value);
}
