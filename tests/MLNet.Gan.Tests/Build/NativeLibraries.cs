using System.Runtime.InteropServices;
using MLNet.Gan.Build;
using TorchSharp;

namespace MLNet.Gan.Tests.Build;

/// <summary>Where the tests find TorchSharp's native library and the system's libstdc++.</summary>
internal static class NativeLibraries
{
    public const string LibTorchSharp = "libLibTorchSharp.so";
    public const string Glibcxx332 = "GLIBCXX_3.4.32";
    public const string LibStdCxx = "libstdc++.so.6";

    /// <summary>The copy in this test's own output folder: flat (RID-specific builds) or under runtimes/&lt;rid&gt;/native.</summary>
    public static string OutputCopy()
    {
        string root = AppContext.BaseDirectory;
        var candidates = new List<string>
        {
            Path.Combine(root, LibTorchSharp),
            Path.Combine(root, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", LibTorchSharp),
        };
        string runtimes = Path.Combine(root, "runtimes");
        if (Directory.Exists(runtimes))
        {
            candidates.AddRange(Directory.GetDirectories(runtimes, "linux-*").Select(d => Path.Combine(d, "native", LibTorchSharp)));
        }

        string? found = candidates.FirstOrDefault(File.Exists);
        Assert.IsNotNull(found, $"No {LibTorchSharp} in the test output folder {root}; looked at: {string.Join(", ", candidates)}");
        return found;
    }

    /// <summary>The package cache's copy: NUGET_PACKAGES, else ~/.nuget/packages, then torchsharp/&lt;version&gt;/runtimes/linux-x64/native.</summary>
    public static string PackageCacheCopy()
    {
        string packages = PackageCache();
        Version version = typeof(torch).Assembly.GetName().Version!;
        string rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        string path = Path.Combine(packages, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", rid, "native", LibTorchSharp);
        Assert.IsTrue(File.Exists(path), $"The package cache's {LibTorchSharp} is not at {path}");
        return path;
    }

    /// <summary>The user's package cache: NUGET_PACKAGES, else ~/.nuget/packages.</summary>
    public static string PackageCache()
    {
        string? packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return string.IsNullOrEmpty(packages)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")
            : packages;
    }

    public static string SystemLibStdCxx(ushort machine)
    {
        string? path = ElfVersionNeeds.FindSystemLibrary(LibStdCxx, machine);
        Assert.IsNotNull(path, $"No {LibStdCxx} for ELF machine {machine} was found");
        return path;
    }

    /// <summary>
    /// Asserts that <paramref name="file"/>'s GLIBCXX_3.4.32 need is weak exactly when this machine's libstdc++ lacks
    /// that version: what the loader fix does to a build or publish output copy.
    /// </summary>
    public static void AssertWeakExactlyWhenTheSystemLacksGlibcxx332(string file)
    {
        Assert.IsTrue(File.Exists(file), $"{file} does not exist");
        string libstdcxx = SystemLibStdCxx(ElfVersionNeeds.ReadMachine(file));
        bool systemLacks = !ElfVersionNeeds.DefinesVersion(libstdcxx, Glibcxx332);

        ElfVersionNeed need = Need(file, Glibcxx332);

        Assert.AreEqual(LibStdCxx, need.Library);
        Assert.AreEqual(systemLacks, need.IsWeak,
            $"{libstdcxx} {(systemLacks ? "lacks" : "defines")} {Glibcxx332}, so {file} should {(systemLacks ? "" : "not ")}mark it weak");
    }

    public static ElfVersionNeed Need(string file, string version) =>
        ElfVersionNeeds.List(file).Single(n => n.Name == version);
}
