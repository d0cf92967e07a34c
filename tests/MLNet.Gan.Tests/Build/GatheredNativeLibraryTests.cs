// The run-time half of the Debian 12 loader fix: TorchSharp run from its package folder (a notebook) gathers its natives
// into <package>/lib/<tfm>/cpu/ and loads them there; the library readies that copy before TorchSharp loads.
using System.Runtime.InteropServices;
using MLNet.Gan.Build;
using MLNet.Gan.Runtime;

namespace MLNet.Gan.Tests.Build;

[TestClass]
public sealed class GatheredNativeLibraryTests
{
    private static string Rid => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";

    // A copy of TorchSharp's package layout: torchsharp/0.107.0/lib/net8.0/TorchSharp.dll and runtimes/<rid>/native/libLibTorchSharp.so.
    private static (string Assembly, string Packaged, string Gathered) FakePackage(TempFolder folder)
    {
        var home = Path.Combine(folder.Path, "torchsharp", "0.107.0");
        var lib = Directory.CreateDirectory(Path.Combine(home, "lib", "net8.0")).FullName;
        var native = Directory.CreateDirectory(Path.Combine(home, "runtimes", Rid, "native")).FullName;
        var assembly = Path.Combine(lib, "TorchSharp.dll");
        File.WriteAllText(assembly, "stands for TorchSharp.dll; only its folder matters");
        var packaged = Path.Combine(native, NativeLibraries.LibTorchSharp);
        File.Copy(NativeLibraries.PackageCacheCopy(), packaged);
        return (assembly, packaged, Path.Combine(lib, "cpu", NativeLibraries.LibTorchSharp));
    }

    private static bool SystemLacksGlibcxx332() =>
        !ElfVersionNeeds.DefinesVersion(NativeLibraries.SystemLibStdCxx(ElfVersionNeeds.ProcessMachine), NativeLibraries.Glibcxx332);

    [TestMethod]
    public void FromAPackageFolderTheGatheredCopyIsWrittenWeakAndThePackagesFileIsLeftAsItWas()
    {
        using var folder = new TempFolder();
        var (assembly, packaged, gathered) = FakePackage(folder);
        var before = File.ReadAllBytes(packaged);

        var result = GatheredNativeLibrary.Prepare(assembly);

        CollectionAssert.AreEqual(before, File.ReadAllBytes(packaged), "the package's own file is never changed");
        Assert.IsFalse(NativeLibraries.Need(packaged, NativeLibraries.Glibcxx332).IsWeak);
        if (!SystemLacksGlibcxx332())
        {
            Assert.AreEqual(new GatheredNativeLibrary(GatheredLibraryState.NotNeeded, null), result);
            Assert.IsFalse(File.Exists(gathered), "nothing is gathered where the system has the version");
            return;
        }

        Assert.AreEqual(new GatheredNativeLibrary(GatheredLibraryState.Written, gathered), result);
        Assert.IsTrue(NativeLibraries.Need(gathered, NativeLibraries.Glibcxx332).IsWeak, "the gathered copy asks weakly");
        var written = File.ReadAllBytes(gathered);
        Assert.AreEqual(before.Length, written.Length);
        Assert.AreEqual(1, before.Zip(written).Count(pair => pair.First != pair.Second), "one byte differs: the requirement's flags");
        Assert.IsEmpty(Directory.GetFiles(Path.GetDirectoryName(gathered)!, "*.tmp"), "no temporary file is left behind");

        // Again: nothing to do; TorchSharp keeps an existing gathered file, so it loads this one.
        Assert.AreEqual(GatheredLibraryState.AlreadyWeak, GatheredNativeLibrary.Prepare(assembly).State);
        CollectionAssert.AreEqual(written, File.ReadAllBytes(gathered));
    }

    [TestMethod]
    public void AStrongCopyTorchSharpGatheredBeforeIsMarkedInPlaceAndSoIsAnyCudaCopy()
    {
        using var folder = new TempFolder();
        var (assembly, packaged, gathered) = FakePackage(folder);
        Directory.CreateDirectory(Path.GetDirectoryName(gathered)!);
        File.Copy(packaged, gathered);
        var cuda = Path.Combine(Path.GetDirectoryName(assembly)!, "cuda-12.8", NativeLibraries.LibTorchSharp);
        Directory.CreateDirectory(Path.GetDirectoryName(cuda)!);
        File.Copy(packaged, cuda);

        var result = GatheredNativeLibrary.Prepare(assembly);

        // Marked where the system lacks the version; left strong (it binds) where the system has it.
        var lacks = SystemLacksGlibcxx332();
        Assert.AreEqual(lacks ? new GatheredNativeLibrary(GatheredLibraryState.Marked, gathered) : new GatheredNativeLibrary(GatheredLibraryState.NotNeeded, null), result);
        Assert.AreEqual(lacks, NativeLibraries.Need(gathered, NativeLibraries.Glibcxx332).IsWeak);
        Assert.AreEqual(lacks, NativeLibraries.Need(cuda, NativeLibraries.Glibcxx332).IsWeak);
        Assert.IsFalse(NativeLibraries.Need(packaged, NativeLibraries.Glibcxx332).IsWeak);
    }

    [TestMethod]
    public void AnApplicationFolderOrAPackageWithoutNativesIsLeftToTheBuild()
    {
        using var folder = new TempFolder();

        // This test's own output: TorchSharp.dll with its native library beside it, which the build-time fix covers.
        var application = GatheredNativeLibrary.Prepare(typeof(TorchSharp.torch).Assembly.Location);
        Assert.AreEqual(new GatheredNativeLibrary(GatheredLibraryState.NotGathered, null), application);

        // A package folder with no native library for this platform.
        var (assembly, packaged, gathered) = FakePackage(folder);
        File.Delete(packaged);
        Assert.AreEqual(GatheredLibraryState.NotGathered, GatheredNativeLibrary.Prepare(assembly).State);
        Assert.IsFalse(Directory.Exists(Path.GetDirectoryName(gathered)), "nothing is created");
    }

    [TestMethod]
    public void TheLibTorchFolderIsTheOneTorchSharpCpuNamesElseTheOnlyOne()
    {
        using var folder = new TempFolder();
        var home = Directory.CreateDirectory(Path.Combine(folder.Path, "torchsharp", "0.107.0")).FullName;
        string Native(string version)
        {
            var native = Directory.CreateDirectory(Path.Combine(folder.Path, $"libtorch-cpu-{Rid}", version, "runtimes", Rid, "native")).FullName;
            File.WriteAllText(Path.Combine(native, "libtorch_cpu.so"), "stands for libtorch");
            return native;
        }

        Assert.IsNull(GatheredNativeLibrary.FindLibTorchFolder(home, Rid), "no libtorch package at all");
        var only = Native("2.9.1");
        Assert.AreEqual(only, GatheredNativeLibrary.FindLibTorchFolder(home, Rid), "the only version there");
        var named = Native("2.10.0");
        Assert.IsNull(GatheredNativeLibrary.FindLibTorchFolder(home, Rid), "two versions and nothing to choose by");

        var nuspec = Directory.CreateDirectory(Path.Combine(folder.Path, "torchsharp-cpu", "0.107.0")).FullName;
        File.WriteAllText(Path.Combine(nuspec, "torchsharp-cpu.nuspec"),
            "<package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata><dependencies><group targetFramework=\"net8.0\">" +
            "<dependency id=\"libtorch-cpu\" version=\"2.10.0\" /><dependency id=\"TorchSharp\" version=\"0.107.0\" /></group></dependencies></metadata></package>");
        Assert.AreEqual(named, GatheredNativeLibrary.FindLibTorchFolder(home, Rid), "the version TorchSharp-cpu names");

        // And in the real package cache, the libtorch that this build's TorchSharp-cpu came with.
        var cacheHome = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(NativeLibraries.PackageCacheCopy())!, "..", "..", ".."));
        var real = GatheredNativeLibrary.FindLibTorchFolder(cacheHome, Rid);
        Assert.IsNotNull(real);
        Assert.IsTrue(File.Exists(Path.Combine(real, "libtorch_cpu.so")) && File.Exists(Path.Combine(real, "libc10.so")), real);
    }

    [TestMethod]
    public void ANativeLibraryThatIsNotElfIsRefusedByName()
    {
        using var folder = new TempFolder();
        var (assembly, packaged, _) = FakePackage(folder);
        File.WriteAllText(packaged, "not an ELF file");

        var e = Assert.ThrowsExactly<InvalidDataException>(() => GatheredNativeLibrary.Prepare(assembly));
        StringAssert.Contains(e.Message, packaged);
    }
}
