// The test process's resident memory, for the tests that prove loops run without leaking.
using System.Globalization;

namespace MLNet.Gan.Torch.Tests;

internal static class ProcessMemory
{
    /// <summary>The process's resident set from /proc/self/status, in MB (after a full collection).</summary>
    public static double ResidentMb()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        throw new InvalidOperationException("/proc/self/status has no VmRSS line");
    }
}
