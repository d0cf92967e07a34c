// Finds the native shim: an environment override first, then next to the assembly, then the system;
// once loaded, gives libtorch its start-up thread count (StartupThreads).
using System.Reflection;
using System.Runtime.InteropServices;

namespace MLNet.Gan.Torch.Native;

internal static partial class NativeLibraryLoader
{
    internal const string LibraryName = "mlnetgan_native";
    internal const string FileName = "libmlnetgan_native.so";

    /// <summary>Environment variable naming the shim's full path (overrides every other place).</summary>
    internal const string OverrideVariable = "MLNETGAN_NATIVE_PATH";

    private static readonly object s_loadLock = new();
    private static int s_registered;
    private static IntPtr s_handle;

    internal static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != LibraryName)
        {
            return IntPtr.Zero;
        }

        lock (s_loadLock)
        {
            if (s_handle == IntPtr.Zero)
            {
                // A bad MLNETGAN_THREADS fails here, at the first native call, with a FormatException that names it.
                var threads = StartupThreads.FromEnvironment();
                PreferPassiveThreadWaiting();
                var handle = Load(assembly);
                if (threads is { } n)
                {
                    SetThreads(handle, n);
                }

                s_handle = handle;
            }

            return s_handle;
        }
    }

    private static IntPtr Load(Assembly assembly)
    {
        var tried = new List<string>();
        foreach (var candidate in Candidates(assembly))
        {
            if (candidate.IsFile && !File.Exists(candidate.Path))
            {
                tried.Add($"{candidate.Path} (not found)");
                continue;
            }

            try
            {
                return NativeLibrary.Load(candidate.Path);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                tried.Add($"{candidate.Path} ({e.Message})");
            }
        }

        throw new DllNotFoundException(
            $"MLNet.Gan could not load its native library {FileName}. Places tried:{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", tried) + Environment.NewLine +
            "Build it with `dotnet build` from the repository root (it runs CMake), and install libtorch with " +
            "`sudo bash eng/install-deps.sh` (Debian packages libtorch-dev libopenblas0-pthread libstb-dev).");
    }

    /// <summary>Calls mg_threads_set through its address: the resolver runs before any import is bound.</summary>
    private static unsafe void SetThreads(IntPtr handle, int count)
    {
        var set = (delegate* unmanaged<int, int>)NativeLibrary.GetExport(handle, "mg_threads_set");
        if (set(count) != 0)
        {
            throw new InvalidOperationException($"libtorch refused {count} threads ({StartupThreads.Variable})");
        }
    }

    /// <summary>
    /// OpenMP threads that spin while waiting make libtorch tens of times slower whenever another
    /// process competes for the cores (parallel test runs, a second training job). Ask for passive
    /// waiting before libtorch's OpenMP runtime starts, unless the user chose a policy.
    /// .NET's Environment.SetEnvironmentVariable does not reach native getenv, so call libc.
    /// </summary>
    private static void PreferPassiveThreadWaiting()
    {
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null && OperatingSystem.IsLinux())
        {
            try
            {
                _ = setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc: keep the runtime's default policy.
            }
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    private static IEnumerable<(string Path, bool IsFile)> Candidates(Assembly assembly)
    {
        var env = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrEmpty(env))
        {
            yield return (env, true);
        }

        var dir = Path.GetDirectoryName(assembly.Location);
        if (!string.IsNullOrEmpty(dir))
        {
            yield return (Path.Combine(dir, FileName), true);
        }

        yield return (Path.Combine(AppContext.BaseDirectory, FileName), true);
        yield return (FileName, false);
    }
}
