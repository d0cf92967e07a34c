using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using MLNet.Gan.Build;

namespace MLNet.Gan.Tests.Build;

// The ELF tests that touch TorchSharp's library or Unix file modes return Inconclusive elsewhere (RequireLinux).
// TorchSharp's ELF library and its loader fix exist on Linux only; elsewhere MSTest reports these as not run, with this reason.
[OSCondition(OperatingSystems.Linux)]
[TestClass]
[SupportedOSPlatform("linux")]
public sealed partial class ElfVersionNeedsTests
{
    private string folder = "";

    [TestInitialize]
    public void CreateFolder()
    {
        folder = Path.Combine(Path.GetTempPath(), "mlnetgan-elf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
    }

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void OutputCopyIsWeakExactlyWhenTheSystemLibStdCxxLacksGlibcxx332() =>
        NativeLibraries.AssertWeakExactlyWhenTheSystemLacksGlibcxx332(NativeLibraries.OutputCopy());

    [TestMethod]
    public void PackageCacheCopyStaysStrongAndDiffersFromTheOutputCopyOnlyInTheFlag()
    {
        string cache = NativeLibraries.PackageCacheCopy();
        string output = NativeLibraries.OutputCopy();

        ElfVersionNeed cacheNeed = NativeLibraries.Need(cache, NativeLibraries.Glibcxx332);
        Assert.IsFalse(cacheNeed.IsWeak, $"{cache} in the package cache was modified: its {NativeLibraries.Glibcxx332} requirement is weak");
        Assert.IsTrue(ElfVersionNeeds.List(cache).All(n => !n.IsWeak), "TorchSharp's package ships no weak requirement");

        int[] differing = DifferingOffsets(cache, output);
        Assert.IsTrue(differing.All(o => o >= cacheNeed.FlagsOffset && o < cacheNeed.FlagsOffset + 2),
            $"The output copy differs from the package's beyond vna_flags (at {cacheNeed.FlagsOffset}): {string.Join(", ", differing)}");
    }

    [TestMethod]
    public void MarkWeakChangesOnlyTheFlagBytesAndIsIdempotent()
    {
        string original = Path.Combine(folder, "original.so");
        string copy = Path.Combine(folder, NativeLibraries.LibTorchSharp);
        File.Copy(NativeLibraries.PackageCacheCopy(), original);
        File.Copy(original, copy);
        var stamp = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(copy, stamp);
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead;
        File.SetUnixFileMode(copy, mode);
        ElfVersionNeed before = NativeLibraries.Need(copy, NativeLibraries.Glibcxx332);
        Assert.IsFalse(before.IsWeak);

        Assert.AreEqual(WeakMarkResult.Marked, ElfVersionNeeds.MarkWeak(copy, NativeLibraries.Glibcxx332));

        ElfVersionNeed after = NativeLibraries.Need(copy, NativeLibraries.Glibcxx332);
        Assert.IsTrue(after.IsWeak);
        Assert.AreEqual(before.Flags | ElfVersionNeeds.VersionFlagWeak, after.Flags);
        Assert.AreEqual(before.FlagsOffset, after.FlagsOffset);
        int[] differing = DifferingOffsets(original, copy);
        Assert.IsNotEmpty(differing);
        Assert.IsLessThanOrEqualTo(2, differing.Length);
        Assert.IsTrue(differing.All(o => o >= before.FlagsOffset && o < before.FlagsOffset + 2),
            $"Bytes outside vna_flags (at {before.FlagsOffset}) changed: {string.Join(", ", differing)}");
        CollectionAssert.AreEqual(
            ElfVersionNeeds.List(original).Where(n => n.Name != NativeLibraries.Glibcxx332).Select(n => n.ToString()).ToList(),
            ElfVersionNeeds.List(copy).Where(n => n.Name != NativeLibraries.Glibcxx332).Select(n => n.ToString()).ToList(),
            "Every other requirement keeps its flags");
        Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(copy), "The patched file keeps the original's time stamp");
        Assert.AreEqual(mode, File.GetUnixFileMode(copy), "The patched file keeps the original's permissions");
        Assert.AreEqual(2, Directory.GetFiles(folder).Length, "No temporary file is left behind");

        byte[] patched = File.ReadAllBytes(copy);
        File.SetLastWriteTimeUtc(copy, stamp.AddDays(1));
        DateTime patchedStamp = File.GetLastWriteTimeUtc(copy);

        Assert.AreEqual(WeakMarkResult.AlreadyWeak, ElfVersionNeeds.MarkWeak(copy, NativeLibraries.Glibcxx332));

        CollectionAssert.AreEqual(patched, File.ReadAllBytes(copy));
        Assert.AreEqual(patchedStamp, File.GetLastWriteTimeUtc(copy), "A second call does not write the file");
    }

    [TestMethod]
    public void MarkWeakLeavesOtherHardLinksOfTheFileAlone()
    {
        string cacheLike = Path.Combine(folder, "cache.so");
        string output = Path.Combine(folder, "output.so");
        File.Copy(NativeLibraries.PackageCacheCopy(), cacheLike);
        byte[] cacheBytes = File.ReadAllBytes(cacheLike);
        Assert.AreEqual(0, Link(cacheLike, output), $"link(2) failed with errno {Marshal.GetLastPInvokeError()}");

        Assert.AreEqual(WeakMarkResult.Marked, ElfVersionNeeds.MarkWeak(output, NativeLibraries.Glibcxx332));

        Assert.IsTrue(NativeLibraries.Need(output, NativeLibraries.Glibcxx332).IsWeak);
        Assert.IsFalse(NativeLibraries.Need(cacheLike, NativeLibraries.Glibcxx332).IsWeak);
        CollectionAssert.AreEqual(cacheBytes, File.ReadAllBytes(cacheLike), "The other link's bytes are untouched");
    }

    [TestMethod]
    public void MarkWeakOfAVersionTheFileDoesNotNeedWritesNothing()
    {
        string copy = Path.Combine(folder, NativeLibraries.LibTorchSharp);
        File.Copy(NativeLibraries.PackageCacheCopy(), copy);
        byte[] bytes = File.ReadAllBytes(copy);
        DateTime stamp = File.GetLastWriteTimeUtc(copy);

        Assert.AreEqual(WeakMarkResult.NotRequired, ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_99.0"));

        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(copy));
        Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(copy));
    }

    [TestMethod]
    public void ListsTheLibStdCxxAndLibcNeedsOfLibTorchSharp()
    {
        IReadOnlyList<ElfVersionNeed> needs = ElfVersionNeeds.List(NativeLibraries.OutputCopy());

        var stdcxx = needs.Where(n => n.Library == NativeLibraries.LibStdCxx).Select(n => n.Name).ToList();
        CollectionAssert.Contains(stdcxx, "GLIBCXX_3.4");
        CollectionAssert.Contains(stdcxx, "CXXABI_1.3");
        CollectionAssert.Contains(stdcxx, NativeLibraries.Glibcxx332);
        Assert.IsTrue(stdcxx.All(n => n.StartsWith("GLIBCXX_", StringComparison.Ordinal) || n.StartsWith("CXXABI_", StringComparison.Ordinal)),
            string.Join(", ", stdcxx));
        Assert.IsTrue(needs.Any(n => n.Library == "libc.so.6" && n.Name.StartsWith("GLIBC_2.", StringComparison.Ordinal)));
        Assert.AreEqual(needs.Count, needs.Select(n => n.FlagsOffset).Distinct().Count(), "Each requirement has its own flags");
        Assert.AreEqual(1, needs.Count(n => n.Name == NativeLibraries.Glibcxx332));
    }

    [TestMethod]
    public void ReadsTheDefinitionsAndNeedsOfTheSystemLibStdCxx()
    {
        string libstdcxx = NativeLibraries.SystemLibStdCxx(ElfVersionNeeds.ProcessMachine);

        IReadOnlyList<string> defined = ElfVersionNeeds.ListDefinitions(libstdcxx);

        Assert.AreEqual(NativeLibraries.LibStdCxx, defined[0], "The first definition names the library itself");
        CollectionAssert.Contains(defined.ToList(), "GLIBCXX_3.4");
        CollectionAssert.Contains(defined.ToList(), "CXXABI_1.3");
        Assert.IsTrue(ElfVersionNeeds.DefinesVersion(libstdcxx, "GLIBCXX_3.4"));
        Assert.IsFalse(ElfVersionNeeds.DefinesVersion(libstdcxx, "GLIBCXX_99.0"));
        Assert.IsTrue(ElfVersionNeeds.List(libstdcxx).Any(n => n.Library == "libc.so.6"), "libstdc++ needs versions of libc");
        Assert.AreEqual(ElfVersionNeeds.ProcessMachine, ElfVersionNeeds.ReadMachine(libstdcxx));
    }

    [TestMethod]
    public void ANonElfFileIsRejectedWithItsName()
    {
        string path = Path.Combine(folder, "notes.so");
        File.WriteAllText(path, "This is a text file, not a shared library.");

        foreach (Action read in Readers(path))
        {
            InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(read);
            Assert.Contains(path, e.Message);
            Assert.Contains("not an ELF file", e.Message);
        }
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(3)]
    [DataRow(40)]
    [DataRow(64)]
    [DataRow(4096)]
    public void ATruncatedFileIsRejectedWithItsName(int length)
    {
        byte[] whole = File.ReadAllBytes(NativeLibraries.PackageCacheCopy());
        string path = Path.Combine(folder, "truncated.so");
        File.WriteAllBytes(path, whole.Take(length).ToArray());

        foreach (Action read in Readers(path))
        {
            InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(read);
            Assert.Contains(path, e.Message);
            Assert.Contains("truncated", e.Message);
        }
    }

    [TestMethod]
    public void AVersionNameOutsideTheStringTableIsRejectedWithItsName()
    {
        string source = NativeLibraries.PackageCacheCopy();
        long flags = NativeLibraries.Need(source, NativeLibraries.Glibcxx332).FlagsOffset;
        byte[] damaged = File.ReadAllBytes(source);
        // vna_name lies 4 bytes after vna_flags; point it far past the end of .dynstr.
        BitConverter.GetBytes(0x7fffffffu).CopyTo(damaged, (int)flags + 4);
        string path = Path.Combine(folder, "damaged.so");
        File.WriteAllBytes(path, damaged);

        InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(() => ElfVersionNeeds.List(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(".gnu.version_r", e.Message);
        Assert.Contains("string-table offset 2147483647", e.Message);
    }

    [TestMethod]
    public void A32BitElfFileIsRejectedWithItsName()
    {
        string path = Path.Combine(folder, "elf32.so");
        byte[] header = new byte[64];
        new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 1, 1 }.CopyTo(header, 0);
        File.WriteAllBytes(path, header);

        InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(() => ElfVersionNeeds.List(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("ELF64", e.Message);
    }

    private static IEnumerable<Action> Readers(string path)
    {
        yield return () => ElfVersionNeeds.List(path);
        yield return () => ElfVersionNeeds.ListDefinitions(path);
        yield return () => ElfVersionNeeds.DefinesVersion(path, "GLIBCXX_3.4");
        yield return () => ElfVersionNeeds.MarkWeak(path, NativeLibraries.Glibcxx332);
        yield return () => ElfVersionNeeds.ReadMachine(path);
    }

    private static int[] DifferingOffsets(string first, string second)
    {
        byte[] a = File.ReadAllBytes(first);
        byte[] b = File.ReadAllBytes(second);
        Assert.AreEqual(a.Length, b.Length, $"{first} and {second} differ in length");
        return Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToArray();
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string created);
}
