using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;

namespace MLNet.Gan.Runtime;

/// <summary>
/// Loads TorchSharp's native engine once, with an error that says what to do when it cannot be loaded, and applies
/// the thread setting (<see cref="ThreadsVariable"/>) and, for training, the allocator setting (<see cref="RetainFreedMemory"/>).
/// </summary>
public static class TorchRuntime
{
    /// <summary>
    /// The environment variable that sets how many threads torch uses: a whole number of at least 1.
    /// Unset (or empty), torch uses <see cref="Environment.ProcessorCount"/> threads.
    /// </summary>
    public const string ThreadsVariable = "MLNETGAN_THREADS";

    /// <summary>
    /// The environment variable that chooses what <see cref="RetainFreedMemory"/> does: <c>retain</c> (or unset, or empty)
    /// keeps freed memory in the process for reuse; <c>system</c> leaves the C library's own settings.
    /// </summary>
    public const string AllocatorVariable = "MLNETGAN_ALLOCATOR";

    private static readonly object Gate = new();
    private static volatile bool loaded;

    /// <summary>
    /// Makes sure TorchSharp's native library is loaded (once per process; later calls return at once) and applies
    /// <see cref="ConfigureThreads"/>. Safe to call from several threads.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// TorchSharp's native library could not be loaded; the message carries the loader's reason and the remedy.
    /// </exception>
    /// <exception cref="ArgumentException"><see cref="ThreadsVariable"/> holds something other than a whole number of at least 1.</exception>
    public static void EnsureLoaded()
    {
        if (loaded)
        {
            return;
        }

        lock (Gate)
        {
            if (loaded)
            {
                return;
            }

            Exception? preparation = null;
            try
            {
                PrepareNativeLibrary();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                // TorchSharp may still load (say, from a copy fixed by other means); if not, its error carries this one.
                preparation = e;
            }

            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException(DescribeLoadFailure(e, preparation), e);
            }

            ApplyThreads(ReadThreads());
            loaded = true;
        }
    }

    /// <summary>
    /// Readies TorchSharp's native library for loading where the build cannot: when TorchSharp runs from its NuGet package
    /// folder on Linux (a notebook's <c>#r "nuget: TorchSharp-cpu"</c>), loads libtorch from the libtorch package
    /// TorchSharp-cpu names (so that no other libtorch on the system, such as Debian's python3-torch, answers TorchSharp's
    /// search for it by name), and, where libstdc++ lacks <c>GLIBCXX_3.4.32</c> (Debian 12), marks that requirement weak
    /// in the copy of libLibTorchSharp.so that TorchSharp gathers beside itself. Does nothing elsewhere. <see cref="EnsureLoaded"/> calls it first;
    /// the MLNet.Gan.Interactive notebook extension calls it as it loads, so cells may use torch before any MLNet.Gan type.
    /// Must run before TorchSharp loads its native library to have an effect; harmless after.
    /// </summary>
    /// <returns>What was found or done.</returns>
    /// <exception cref="IOException">The gathered copy could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder TorchSharp gathers into is not writable.</exception>
    /// <exception cref="InvalidDataException">TorchSharp's native library in its package is not a readable ELF file.</exception>
    public static GatheredNativeLibrary PrepareNativeLibrary()
    {
        lock (Gate)
        {
            var prepared = GatheredNativeLibrary.Prepare(typeof(torch).Assembly.Location);
            prepared.LoadLibTorch();
            return prepared;
        }
    }

    /// <summary>
    /// Sets the number of threads torch uses for intra-op parallelism: <see cref="ThreadsVariable"/> when set,
    /// otherwise <see cref="Environment.ProcessorCount"/>. Loads TorchSharp first when needed.
    /// </summary>
    /// <returns>The number of threads applied.</returns>
    /// <exception cref="ArgumentException"><see cref="ThreadsVariable"/> holds something other than a whole number of at least 1.</exception>
    /// <exception cref="InvalidOperationException">TorchSharp's native library could not be loaded.</exception>
    public static int ConfigureThreads()
    {
        int threads = ReadThreads();
        EnsureLoaded();
        ApplyThreads(threads);
        return threads;
    }

    /// <summary>
    /// Makes the C library's allocator keep the memory torch frees for reuse instead of handing it back to the kernel, unless
    /// <see cref="AllocatorVariable"/> is <c>system</c>. The trainers call it as training starts; call it yourself for your
    /// own TorchSharp loops. libtorch takes every CPU tensor from malloc, and with glibc's defaults the activations and
    /// gradients of a training step are mapped fresh from the kernel and returned to it at every step, so each step
    /// page-faults all of its memory in again (measured: 413,699 page faults against 39,563 for 150 steps of the default
    /// cGAN in plain TorchSharp, 1.8x the step time; the trainer itself ran about twice as long per step without it). The cost:
    /// the process keeps its peak memory until it exits.
    /// The setting is process-wide and stays; on glibc it fixes M_MMAP_THRESHOLD at 32 MB, M_TRIM_THRESHOLD at 2 GB and
    /// M_TOP_PAD at 64 MB (<c>mallopt</c>). Other C libraries and operating systems are left as they are.
    /// </summary>
    /// <returns>True when the settings were applied; false with <c>system</c>, or where the C library is not glibc.</returns>
    /// <exception cref="ArgumentException"><see cref="AllocatorVariable"/> holds something other than <c>retain</c> or <c>system</c>.</exception>
    public static bool RetainFreedMemory()
    {
        string? value = Environment.GetEnvironmentVariable(AllocatorVariable);
        if (string.Equals(value, "system", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(value) && !string.Equals(value, "retain", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"The environment variable {AllocatorVariable} is \"{value}\"; it must be \"retain\" (keep freed memory for reuse, "
                + "the default when unset) or \"system\" (the C library's own settings).",
                AllocatorVariable);
        }

        lock (Gate)
        {
            return NativeAllocator.Retain();
        }
    }

    private static void ApplyThreads(int threads) => torch.set_num_threads(threads);

    private static int ReadThreads()
    {
        string? value = Environment.GetEnvironmentVariable(ThreadsVariable);
        if (string.IsNullOrEmpty(value))
        {
            return Environment.ProcessorCount;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int threads) && threads >= 1)
        {
            return threads;
        }

        throw new ArgumentException(
            $"The environment variable {ThreadsVariable} is \"{value}\"; it must be a whole number of at least 1 "
            + $"(or be unset, for {Environment.ProcessorCount} threads, one per processor).",
            ThreadsVariable);
    }

    private static string DescribeLoadFailure(Exception failure, Exception? preparation)
    {
        Exception innermost = failure;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        string? loader = ProbeLoader();

        // Of the loader's lines, those that are not "no such file" name the real cause, such as a missing version.
        string[] causes = (loader ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith('/') && !line.EndsWith("No such file or directory", StringComparison.Ordinal))
            .ToArray();

        var message = new StringBuilder("TorchSharp's native library (LibTorchSharp) could not be loaded");
        message.Append(causes.Length > 0 ? ": " + string.Join(" ", causes) : ".").AppendLine();
        message.Append("To fix this: reference a TorchSharp backend package from the application (TorchSharp-cpu; ")
            .Append("TorchSharp-cuda-linux, or TorchSharp-cuda-windows on Windows, for CUDA), so that the native libraries are ")
            .Append("copied to its output. On Debian 12 and other systems whose libstdc++ predates GCC 13 (no GLIBCXX_3.4.32), ")
            .Append("build, test and publish through MSBuild (dotnet build, dotnet test, dotnet publish), so that the repository's ")
            .Append("loader fix, eng/TorchSharp.Debian.targets (or the package's build files that carry it), marks the ")
            .Append("GLIBCXX_3.4.32 requirement of libLibTorchSharp.so weak in the output folder. In a notebook, where TorchSharp ")
            .Append("gathers its natives beside its own package, MLNet.Gan marks that copy weak as it loads, provided TorchSharp has not ")
            .Append("loaded yet: reference MLNet.Gan.Interactive (or call TorchRuntime.EnsureLoaded) before the first use of torch, ")
            .Append("and restart the kernel.").AppendLine();
        if (preparation is not null)
        {
            message.Append("Readying the gathered copy failed: ").Append(preparation.Message.Trim()).AppendLine();
        }

        message.Append("TorchSharp reported: ").Append(innermost.Message.Trim());
        if (loader is not null)
        {
            message.AppendLine().Append("The dynamic loader reported: ").Append(loader);
        }

        return message.ToString();
    }

    // TorchSharp's own error keeps only its probing trace; loading the library directly brings back the loader's
    // message, which names the missing file or symbol version (for example "version `GLIBCXX_3.4.32' not found").
    private static string? ProbeLoader()
    {
        try
        {
            IntPtr handle = NativeLibrary.Load("LibTorchSharp", typeof(torch).Assembly, null);
            NativeLibrary.Free(handle);
            return null;
        }
        catch (DllNotFoundException e)
        {
            return e.Message.Trim();
        }
        catch (BadImageFormatException e)
        {
            return e.Message.Trim();
        }
    }
}
