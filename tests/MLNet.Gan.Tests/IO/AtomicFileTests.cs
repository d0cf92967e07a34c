// AtomicFile: the target appears whole, no temporary file is left behind, a throwing writer keeps the old file,
// parent folders are created, and path-only writers get a temporary path with the target's extension.
using MLNet.Gan.IO;

namespace MLNet.Gan.Tests.IO;

[TestClass]
public sealed class AtomicFileTests
{
    private TempFolder _folder = null!;

    [TestInitialize]
    public void MakeFolder() => _folder = new TempFolder();

    [TestCleanup]
    public void RemoveFolder() => _folder.Dispose();

    [TestMethod]
    public void WriteCreatesTheFileAndItsFoldersAndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(_folder.Path, "a", "b", "data.bin");
        AtomicFile.Write(path, s => s.Write([1, 2, 3]));
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        CollectionAssert.AreEqual(new[] { "data.bin" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void WriteReplacesAnExistingFile()
    {
        var path = _folder.File("data.bin");
        File.WriteAllText(path, "old content that is longer");
        AtomicFile.WriteAllBytes(path, "new"u8);
        Assert.AreEqual("new", File.ReadAllText(path));
        CollectionAssert.AreEqual(new[] { "data.bin" }, _folder.FileNames());
    }

    [TestMethod]
    public void ThrowingWriterKeepsTheOldFileAndRemovesTheTemporaryOne()
    {
        var path = _folder.File("model.bin");
        File.WriteAllText(path, "old");
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("half of the new"u8);
            throw new InvalidOperationException("writer failed");
        }));
        Assert.AreEqual("writer failed", e.Message);
        Assert.AreEqual("old", File.ReadAllText(path));
        CollectionAssert.AreEqual(new[] { "model.bin" }, _folder.FileNames());
    }

    [TestMethod]
    public void ThrowingWriterLeavesNoFileWhenThereWasNone()
    {
        var path = _folder.File("new.bin");
        Assert.ThrowsExactly<IOException>(() => AtomicFile.Write(path, _ => throw new IOException("disk full")));
        Assert.IsEmpty(_folder.FileNames());
    }

    [TestMethod]
    public void ReplaceHandsOutATemporaryPathWithTheTargetsExtension()
    {
        var path = _folder.File("grid.png");
        string? seen = null;
        AtomicFile.Replace(path, temp =>
        {
            seen = temp;
            Assert.IsFalse(File.Exists(temp));
            File.WriteAllText(temp, "png bytes");
        });
        Assert.IsNotNull(seen);
        Assert.AreEqual(".png", Path.GetExtension(seen));
        Assert.AreEqual(_folder.Path, Path.GetDirectoryName(seen));
        Assert.AreNotEqual(path, seen);
        Assert.AreEqual("png bytes", File.ReadAllText(path));
        CollectionAssert.AreEqual(new[] { "grid.png" }, _folder.FileNames());
    }

    [TestMethod]
    public void ReplaceWhoseWriterCreatesNothingIsAnErrorAndKeepsTheOldFile()
    {
        var path = _folder.File("grid.png");
        File.WriteAllText(path, "old");
        var e = Assert.ThrowsExactly<IOException>(() => AtomicFile.Replace(path, _ => { }));
        Assert.Contains(path, e.Message);
        Assert.AreEqual("old", File.ReadAllText(path));
    }

    [TestMethod]
    public void ReplaceRemovesAPartialTemporaryFileWhenTheWriterThrows()
    {
        var path = _folder.File("grid.png");
        File.WriteAllText(path, "old");
        Assert.ThrowsExactly<InvalidDataException>(() => AtomicFile.Replace(path, temp =>
        {
            File.WriteAllText(temp, "partial");
            throw new InvalidDataException("encoder failed");
        }));
        Assert.AreEqual("old", File.ReadAllText(path));
        CollectionAssert.AreEqual(new[] { "grid.png" }, _folder.FileNames());
    }
}
