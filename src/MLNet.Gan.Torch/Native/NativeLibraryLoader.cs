// Finds the native shim: an environment override first, then next to the assembly, then the system.
using System.Reflection;
using System.Runtime.InteropServices;

namespace MLNet.Gan.Torch.Native;

internal static class NativeLibraryLoader
{
    internal const string LibraryName = "mlnetgan_native";
    internal const string FileName = "libmlnetgan_native.so";

    /// <summary>Environment variable naming the shim's full path (overrides every other place).</summary>
    internal const string OverrideVariable = "MLNETGAN_NATIVE_PATH";

    private static int s_registered;

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
