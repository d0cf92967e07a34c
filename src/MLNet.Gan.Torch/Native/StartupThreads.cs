// How many intra-op threads libtorch gets when the shim loads: MLNETGAN_THREADS, else OpenMP's own
// OMP_NUM_THREADS, else every core (Debian's libtorch would otherwise start with one).
using System.Globalization;

namespace MLNet.Gan.Torch.Native;

internal static class StartupThreads
{
    /// <summary>The variable that sets the thread count.</summary>
    internal const string Variable = "MLNETGAN_THREADS";

    /// <summary>OpenMP's variable; when it is set (and ours is not) libtorch's own choice stands.</summary>
    internal const string OpenMpVariable = "OMP_NUM_THREADS";

    /// <summary>
    /// The thread count to set at start-up, or null to leave it to OpenMP (<see cref="OpenMpVariable"/> is set).
    /// An empty or blank value counts as unset.
    /// </summary>
    /// <param name="mlnetganThreads">The value of <see cref="Variable"/>, or null.</param>
    /// <param name="ompNumThreads">The value of <see cref="OpenMpVariable"/>, or null.</param>
    /// <param name="processorCount">The number of cores.</param>
    /// <exception cref="FormatException"><paramref name="mlnetganThreads"/> is not a whole number of at least 1.</exception>
    internal static int? Choose(string? mlnetganThreads, string? ompNumThreads, int processorCount)
    {
        if (!string.IsNullOrWhiteSpace(mlnetganThreads))
        {
            if (int.TryParse(mlnetganThreads.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
            {
                return n;
            }

            throw new FormatException(
                $"{Variable} is '{mlnetganThreads}': expected a whole number of threads of at least 1 " +
                $"(e.g. {Variable}=2), or unset it to use every core.");
        }

        return string.IsNullOrWhiteSpace(ompNumThreads) ? Math.Max(1, processorCount) : null;
    }

    /// <summary><see cref="Choose"/> applied to this process's environment.</summary>
    internal static int? FromEnvironment() => Choose(
        Environment.GetEnvironmentVariable(Variable),
        Environment.GetEnvironmentVariable(OpenMpVariable),
        Environment.ProcessorCount);
}
