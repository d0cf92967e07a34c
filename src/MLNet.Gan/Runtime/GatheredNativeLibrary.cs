// TorchSharp run straight from its NuGet package folder (a notebook's #r "nuget: TorchSharp-cpu") finds no native library
// beside TorchSharp.dll. It first loads "torch_cpu" by name, which the dynamic loader may satisfy with another libtorch
// on the system (Debian's python3-torch puts libtorch_cpu.so 1.13 on the library path); then it gathers libtorch's
// natives and its own libLibTorchSharp.so into <packages>/torchsharp/<version>/lib/<tfm>/cpu/, copying each file only
// when it is not there yet, and loads them from there. The build-time loader fix never sees that folder. This readies
// both: the gathered copy asks for GLIBCXX_3.4.32 weakly, and libtorch is loaded first from the libtorch package that
// TorchSharp-cpu names, so that the name "torch_cpu" and every later need of it bind to that one.
using System.Runtime.InteropServices;
using System.Xml.Linq;
using MLNet.Gan.Build;

namespace MLNet.Gan.Runtime;

/// <summary>What <see cref="GatheredNativeLibrary.Prepare"/> found or did to the gathered copy of libLibTorchSharp.so.</summary>
public enum GatheredLibraryState
{
    /// <summary>
    /// Nothing to do: not Linux, or TorchSharp has its native library beside it (an application's build or publish output,
    /// which the build-time fix covers), or the package holds no native library for this platform.
    /// </summary>
    NotGathered,

    /// <summary>The system's libstdc++ defines <c>GLIBCXX_3.4.32</c> (or TorchSharp's library does not ask for it): nothing to fix.</summary>
    NotNeeded,

    /// <summary>The gathered copy was written (from the package's file) with the requirement marked weak.</summary>
    Written,

    /// <summary>The gathered copy was there, with the requirement strong, and is now marked weak.</summary>
    Marked,

    /// <summary>The gathered copy was there already with the requirement weak.</summary>
    AlreadyWeak,
}

/// <summary>The gathered copy of TorchSharp's native library and what was done to it.</summary>
/// <param name="State">What was found or done.</param>
/// <param name="Path">The gathered copy's path; <see langword="null"/> for <see cref="GatheredLibraryState.NotGathered"/> and <see cref="GatheredLibraryState.NotNeeded"/>.</param>
/// <param name="LibTorchFolder">
/// The native folder of the libtorch package TorchSharp runs with (<c>libtorch-cpu-linux-x64/&lt;version&gt;/runtimes/linux-x64/native</c>),
/// from which libtorch is loaded before TorchSharp looks for it by name; <see langword="null"/> when TorchSharp does not run from
/// its package folder or that package was not found.
/// </param>
public sealed record GatheredNativeLibrary(GatheredLibraryState State, string? Path, string? LibTorchFolder = null)
{
    /// <summary>The symbol version Debian 12's libstdc++ (GCC 12) lacks and TorchSharp 0.107's native library asks for.</summary>
    public const string MissingVersion = "GLIBCXX_3.4.32";

    private const string LibraryFile = "libLibTorchSharp.so";

    /// <summary>
    /// When TorchSharp runs from its package folder on a Linux whose libstdc++ lacks <see cref="MissingVersion"/>, makes the copy
    /// of libLibTorchSharp.so that TorchSharp gathers for itself (the <c>cpu/</c> folder beside TorchSharp.dll, and any
    /// <c>cuda-*</c> folder already there) ask for that version weakly: writes it from the package's file when it is not
    /// there yet (TorchSharp then keeps it and gathers the rest), or marks the one there. The package's own files are not
    /// changed. Writes go to a temporary name and are renamed into place. Must run before TorchSharp loads its native library.
    /// </summary>
    /// <param name="torchSharpAssembly">The path of the loaded TorchSharp.dll.</param>
    /// <returns>What was found or done, and the gathered copy's path.</returns>
    /// <exception cref="InvalidDataException">The package's native library is not a readable ELF file; the message names it.</exception>
    internal static GatheredNativeLibrary Prepare(string torchSharpAssembly)
    {
        ArgumentException.ThrowIfNullOrEmpty(torchSharpAssembly);
        string? assemblyFolder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(torchSharpAssembly));
        if (!OperatingSystem.IsLinux() || assemblyFolder is null || File.Exists(System.IO.Path.Combine(assemblyFolder, LibraryFile)))
        {
            return new(GatheredLibraryState.NotGathered, null);
        }

        // The package layout: <version>/lib/<tfm>/TorchSharp.dll and <version>/runtimes/<rid>/native/libLibTorchSharp.so.
        string rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        string packaged = System.IO.Path.GetFullPath(System.IO.Path.Combine(assemblyFolder, "..", "..", "runtimes", rid, "native", LibraryFile));
        if (!File.Exists(packaged))
        {
            return new(GatheredLibraryState.NotGathered, null);
        }

        string? libTorch = FindLibTorchFolder(System.IO.Path.GetFullPath(System.IO.Path.Combine(assemblyFolder, "..", "..")), rid);
        if (!ElfVersionNeeds.List(packaged).Any(need => need.Name == MissingVersion && !need.IsWeak) || SystemDefinesMissingVersion())
        {
            return new(GatheredLibraryState.NotNeeded, null, libTorch);
        }

        string gathered = System.IO.Path.Combine(assemblyFolder, "cpu", LibraryFile);
        foreach (string cuda in Directory.EnumerateDirectories(assemblyFolder, "cuda-*"))
        {
            string copy = System.IO.Path.Combine(cuda, LibraryFile);
            if (File.Exists(copy))
            {
                ElfVersionNeeds.MarkWeak(copy, MissingVersion);
            }
        }

        if (File.Exists(gathered))
        {
            return ElfVersionNeeds.MarkWeak(gathered, MissingVersion) == WeakMarkResult.Marked
                ? new(GatheredLibraryState.Marked, gathered, libTorch)
                : new(GatheredLibraryState.AlreadyWeak, gathered, libTorch);
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(gathered)!);
        string temporary = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(gathered)!, $".{LibraryFile}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.Copy(packaged, temporary);
            ElfVersionNeeds.MarkWeak(temporary, MissingVersion);

            // Another process may have gathered it meanwhile; either copy is this same file, marked.
            File.Move(temporary, gathered, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return new(GatheredLibraryState.Written, gathered, libTorch);
    }

    /// <summary>
    /// The native folder of the libtorch package that goes with the TorchSharp package at <paramref name="torchSharpHome"/>
    /// (<c>&lt;packages&gt;/torchsharp/&lt;version&gt;</c>): the libtorch-cpu version that TorchSharp-cpu of the same version names, else
    /// the only version of <c>libtorch-cpu-&lt;rid&gt;</c> in the package folder; <see langword="null"/> when neither is there.
    /// </summary>
    internal static string? FindLibTorchFolder(string torchSharpHome, string rid)
    {
        string version = System.IO.Path.GetFileName(torchSharpHome);
        string packages = System.IO.Path.GetFullPath(System.IO.Path.Combine(torchSharpHome, "..", ".."));
        string versions = System.IO.Path.Combine(packages, $"libtorch-cpu-{rid}");
        string nuspec = System.IO.Path.Combine(packages, "torchsharp-cpu", version, "torchsharp-cpu.nuspec");
        string? named = null;
        if (File.Exists(nuspec))
        {
            named = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency")
                .FirstOrDefault(e => (string?)e.Attribute("id") == "libtorch-cpu")?.Attribute("version")?.Value;
        }

        string[] candidates = named is not null ? [System.IO.Path.Combine(versions, named)]
            : Directory.Exists(versions) ? Directory.GetDirectories(versions) : [];
        return candidates.Length == 1 && System.IO.Path.Combine(candidates[0], "runtimes", rid, "native") is { } folder
            && File.Exists(System.IO.Path.Combine(folder, "libtorch_cpu.so")) ? folder : null;
    }

    /// <summary>
    /// Loads libtorch from <see cref="LibTorchFolder"/> unless a libtorch is loaded in this process already (then loading
    /// another copy would register its operators twice); returns whether it loaded.
    /// </summary>
    internal bool LoadLibTorch()
    {
        if (LibTorchFolder is null || LibTorchLoaded())
        {
            return false;
        }

        // libtorch.so needs libtorch_cpu.so, which needs libc10.so and the bundled libgomp; each finds the next beside it.
        NativeLibrary.Load(System.IO.Path.Combine(LibTorchFolder, "libtorch.so"));
        return true;
    }

    private static bool LibTorchLoaded() =>
        File.ReadLines("/proc/self/maps").Any(line => line.Contains("/libtorch_cpu.so", StringComparison.Ordinal) || line.Contains("/libLibTorchSharp.so", StringComparison.Ordinal));

    private static bool SystemDefinesMissingVersion()
    {
        string? libstdcxx = ElfVersionNeeds.FindSystemLibrary("libstdc++.so.6", ElfVersionNeeds.ProcessMachine);

        // No system libstdc++ found: nothing here can help, and TorchSharp's own error will say what is missing.
        return libstdcxx is null || ElfVersionNeeds.DefinesVersion(libstdcxx, MissingVersion);
    }
}
