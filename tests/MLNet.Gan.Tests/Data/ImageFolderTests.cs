// Image folders: sorted classes, full paths and text labels, skipped files counted and named with their reason,
// clear errors naming the folder, and the listing feeding ML.NET's MapValueToKey and LoadImages.
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Data;

namespace MLNet.Gan.Tests.Data;

[TestClass]
public sealed class ImageFolderTests
{
    private TempFolder _root = null!;

    [TestInitialize]
    public void MakeFolders()
    {
        // sneaker/{a,b}.png, bag/c.png, bag/deep/d.png, coat/ (empty), .hidden/e.png, notes.txt,
        // sneaker/readme.md, bag/deep/thumbs (no extension), sneaker/.DS_Store
        _root = new TempFolder();
        Save("sneaker/a.png", 10);
        Save("sneaker/b.png", 20);
        Save("bag/c.png", 30);
        Save("bag/deep/d.png", 40);
        Save(".hidden/e.png", 50);
        Directory.CreateDirectory(Path.Combine(_root.Path, "coat"));
        File.WriteAllText(_root.File("notes.txt"), "not an image");
        File.WriteAllText(_root.File("sneaker/readme.md"), "not an image");
        File.WriteAllText(_root.File("bag/deep/thumbs"), "not an image");
        File.WriteAllText(_root.File("sneaker/.DS_Store"), "hidden");
    }

    [TestCleanup]
    public void RemoveFolders() => _root.Dispose();

    [TestMethod]
    public void FolderGivesSortedClassesFullPathsAndTextLabels()
    {
        var data = new MLContext().Data.LoadImageFolder(_root.Path, out var listing);
        CollectionAssert.AreEqual(new[] { "bag", "coat", "sneaker" }, listing.ClassNames.ToArray());
        Assert.AreEqual(TextDataViewType.Instance, data.Schema["ImagePath"].Type);
        Assert.AreEqual(TextDataViewType.Instance, data.Schema["Label"].Type);
        var expected = new[] { "bag/c.png", "bag/deep/d.png", "sneaker/a.png", "sneaker/b.png" }.Select(p => Path.Combine(_root.Path, p)).ToArray();
        CollectionAssert.AreEqual(expected, Text(data, "ImagePath"));
        CollectionAssert.AreEqual(new[] { "bag", "bag", "sneaker", "sneaker" }, Text(data, "Label"));
        CollectionAssert.AreEqual(expected, listing.ImagePaths.ToArray());
    }

    [TestMethod]
    public void SkippedFilesAreCountedAndNamedWithTheirReason()
    {
        new MLContext().Data.LoadImageFolder(_root.Path, out var listing);
        var skipped = listing.SkippedFiles.ToDictionary(s => Path.GetRelativePath(_root.Path, s.Path), s => s.Reason);
        Assert.AreEqual(5, listing.SkippedCount, string.Join("; ", skipped));
        Assert.AreEqual("hidden folder", skipped[".hidden"]);
        Assert.AreEqual("not in a class sub-folder", skipped["notes.txt"]);
        Assert.AreEqual("extension '.md' is not an image extension", skipped[Path.Combine("sneaker", "readme.md")]);
        Assert.AreEqual("no file extension", skipped[Path.Combine("bag", "deep", "thumbs")]);
        Assert.AreEqual("hidden file", skipped[Path.Combine("sneaker", ".DS_Store")]);
    }

    [TestMethod]
    public void ExtensionsCanBeChosenAndTheRestIsReported()
    {
        File.WriteAllText(_root.File("bag/e.JPG"), "only a name");
        new MLContext().Data.LoadImageFolder(_root.Path, out var listing, extensions: [".jpg"]);
        CollectionAssert.AreEqual(new[] { Path.Combine(_root.Path, "bag", "e.JPG") }, listing.ImagePaths.ToArray());
        Assert.IsTrue(listing.SkippedFiles.Any(s => s.Path == Path.Combine(_root.Path, "sneaker", "a.png") && s.Reason.Contains("'.png'")));
    }

    [TestMethod]
    public void WithoutLabelsEveryImageUnderTheFolderIsListed()
    {
        var data = new MLContext().Data.LoadImageFolder(_root.Path, out var listing, useFolderNameAsLabel: false);
        Assert.AreEqual(1, data.Schema.Count);
        Assert.AreEqual(4, Text(data, "ImagePath").Length);
        Assert.IsNull(listing.Labels);
        Assert.IsEmpty(listing.ClassNames);
        Assert.IsTrue(listing.SkippedFiles.Any(s => s.Path.EndsWith("notes.txt", StringComparison.Ordinal)), "loose files are still reported by extension");
    }

    [TestMethod]
    public void MapValueToKeyAndLoadImagesReadEachRowsFile()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadImageFolder(_root.Path, out _);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Key", "Label")
            .Append(ml.Transforms.LoadImages("Image", imageFolder: null!, inputColumnName: "ImagePath"));
        var loaded = pipeline.Fit(data).Transform(data);
        var values = loaded.GetColumn<MLImage>("Image").Select(i => (int)Pixels.Rgb(i, 2, 1)[0]).ToArray();
        CollectionAssert.AreEqual(new[] { 30, 40, 10, 20 }, values);
        CollectionAssert.AreEqual(new uint[] { 1, 1, 2, 2 }, loaded.GetColumn<uint>("Key").ToArray());
        CollectionAssert.AreEqual(new[] { "bag", "sneaker" }, IdxDataViewTests.KeyNames(loaded.Schema["Key"]));
    }

    [TestMethod]
    public void MissingFolderIsNamed()
    {
        var missing = Path.Combine(_root.Path, "nope");
        var e = Assert.ThrowsExactly<DirectoryNotFoundException>(() => new MLContext().Data.LoadImageFolder(missing, out _));
        Assert.Contains(missing, e.Message);
    }

    [TestMethod]
    public void EmptyFolderIsNamed()
    {
        var empty = Path.Combine(_root.Path, "coat");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Data.LoadImageFolder(empty, out _));
        Assert.Contains(empty, e.Message);
        Assert.Contains("is empty", e.Message);
    }

    [TestMethod]
    public void FolderWithoutClassSubFoldersIsNamed()
    {
        var flat = Path.Combine(_root.Path, "sneaker");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Data.LoadImageFolder(flat, out _));
        Assert.Contains(flat, e.Message);
        Assert.Contains("no class sub-folders", e.Message);
        Assert.Contains("4 file(s)", e.Message, "a.png, b.png, readme.md and .DS_Store lie directly in it");
    }

    [TestMethod]
    public void ClassFoldersWithoutImagesAreAnError()
    {
        using var other = new TempFolder();
        File.WriteAllText(other.File("cats/list.txt"), "no images here");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Data.LoadImageFolder(other.Path, out _));
        Assert.Contains(other.Path, e.Message);
        Assert.Contains("no images", e.Message);
        Assert.Contains("list.txt", e.Message);
    }

    private static string[] Text(IDataView data, string column) =>
        data.GetColumn<ReadOnlyMemory<char>>(column).Select(m => m.ToString()).ToArray();

    private void Save(string relative, byte value)
    {
        using var image = Pixels.Gray(3, 2, value);
        image.Save(_root.File(relative));
    }
}
