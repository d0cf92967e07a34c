// ML.NET's image types run on SkiaSharp 2.88 (MLImage.Pixels calls a method SkiaSharp 3 changed) and ScottPlot 5.1 on
// SkiaSharp 3.119: the default load context keeps 2.88 for ML.NET; ScottPlot, SkiaSharp 3.119 and HarfBuzz (managed and
// native) load from skiasharp3/ into a context of their own, which the default context hands out for "ScottPlot".
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace MLNet.Gan.Imaging;

/// <summary>Lets ScottPlot and ML.NET's image types share one process, each on the SkiaSharp it was built for.</summary>
public static class ScottPlotRuntime
{
    private static readonly object Gate = new();
    private static SkiaSharp3Context? s_context;

    /// <summary>
    /// The folder holding ScottPlot with SkiaSharp 3 and HarfBuzz (assemblies and native libraries): skiasharp3/ beside this
    /// assembly in a build or publish output; when the assembly runs straight from its NuGet package (a notebook's
    /// <c>#r "nuget: ..."</c> loads lib/net10.0/MLNet.Gan.dll from the package cache), the package's own skiasharp3/.
    /// </summary>
    public static string SkiaSharp3Folder
    {
        get
        {
            var assemblyFolder = Path.GetDirectoryName(typeof(ScottPlotRuntime).Assembly.Location) ?? AppContext.BaseDirectory;
            var beside = Path.Combine(assemblyFolder, "skiasharp3");
            var inPackage = Path.GetFullPath(Path.Combine(assemblyFolder, "..", "..", "skiasharp3"));
            return !Directory.Exists(beside) && Directory.Exists(inPackage) ? inPackage : beside;
        }
    }

    /// <summary>
    /// Resolves ScottPlot (and SkiaSharp 3 requests) from <see cref="SkiaSharp3Folder"/>; idempotent. The library calls it when
    /// it loads; call it first in a host that touches ScottPlot before any MLNet.Gan type.
    /// </summary>
    /// <exception cref="FileNotFoundException">The skiasharp3 folder is missing from the build output.</exception>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (s_context is not null)
            {
                return;
            }

            var folder = SkiaSharp3Folder;
            if (!File.Exists(Path.Combine(folder, "ScottPlot.dll")))
            {
                throw new FileNotFoundException(
                    $"ScottPlot and SkiaSharp 3 belong in '{folder}', which the MLNet.Gan build fills; rebuild the project that references MLNet.Gan",
                    Path.Combine(folder, "ScottPlot.dll"));
            }

            s_context = new SkiaSharp3Context(folder);
            AssemblyLoadContext.Default.Resolving += (_, name) =>
                name.Name == "ScottPlot" || (name.Name == "SkiaSharp" && name.Version?.Major >= 3) ? s_context.LoadFromAssemblyName(name) : null;
        }
    }

#pragma warning disable CA2255 // The resolver must be in place before ScottPlot's first type loads, whoever touches the library first.
    [ModuleInitializer]
    internal static void OnLibraryLoad()
    {
        if (Directory.Exists(SkiaSharp3Folder))
        {
            EnsureLoaded();
        }
    }
#pragma warning restore CA2255

    // The assemblies and native libraries in the folder, isolated from the default context's SkiaSharp 2.88; anything
    // else (System.*, the library's own types) comes from the default context.
    private sealed class SkiaSharp3Context(string folder) : AssemblyLoadContext("SkiaSharp3")
    {
        protected override Assembly? Load(AssemblyName name)
        {
            var path = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            var path = Path.Combine(folder, (unmanagedDllName.StartsWith("lib", StringComparison.Ordinal) ? "" : "lib") + unmanagedDllName + ".so");
            return File.Exists(path) ? NativeLibrary.Load(path) : IntPtr.Zero;
        }
    }
}
