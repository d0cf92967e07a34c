// Image folders and path,label lists: class names, path resolution, lazy decoding (no file opened until its image
// is read), bad rows and their report.
namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class ImageLoaderTests
{
    private string _root = null!;

    [TestInitialize]
    public void MakeFolders()
    {
        // root/sneaker/{a,b}.png, root/bag/c.png, root/bag/deep/d.png, root/coat/ (empty), root/.hidden/e.png, root/notes.txt
        _root = ImageFixtures.TempFolder();
        Save("sneaker/a.png", 10);
        Save("sneaker/b.png", 20);
        Save("bag/c.png", 30);
        Save("bag/deep/d.png", 40);
        Save(".hidden/e.png", 50);
        Directory.CreateDirectory(Path.Combine(_root, "coat"));
        File.WriteAllText(Path.Combine(_root, "notes.txt"), "not an image");
    }

    [TestCleanup]
    public void RemoveFolders() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    public void FolderGivesSortedClassesAndFullPaths()
    {
        var data = new GanContext().Data.LoadImagesFromFolder(_root);
        CollectionAssert.AreEqual(new[] { "bag", "coat", "sneaker" }, data.Schema["Label"].GetKeyValueNames());
        Assert.AreEqual(TextDataViewType.Instance, data.Schema["ImagePath"].Type);
        var paths = data.GetColumn<string>("ImagePath").ToArray();
        CollectionAssert.AreEqual(
            new[] { "bag/c.png", "bag/deep/d.png", "sneaker/a.png", "sneaker/b.png" }.Select(p => Path.Combine(_root, p)).ToArray(), paths);
        CollectionAssert.AreEqual(new uint[] { 1, 1, 3, 3 }, data.GetColumn<uint>("Label").ToArray());
    }

    [TestMethod]
    public void FlatFolderWithoutLabelsListsEveryImage()
    {
        var data = new GanContext().Data.LoadImagesFromFolder(_root, useFolderNameAsLabel: false);
        Assert.AreEqual(1, data.Schema.Count);
        Assert.AreEqual(4L, data.GetRowCount());
    }

    [TestMethod]
    public void LoadImagesGivesEachRowItsFilesImageInFolderOrder()
    {
        var ctx = new GanContext();
        var data = ctx.Data.LoadImagesFromFolder(_root);
        var loaded = ctx.Transforms.LoadImages("Image", string.Empty, "ImagePath").Fit(data).Transform(data);
        Assert.AreEqual(new ImageDataViewType(), loaded.Schema["Image"].Type);
        var values = loaded.GetColumn<MLImage>("Image").Select(i => (int)i.Pixels[0]).ToArray();
        CollectionAssert.AreEqual(new[] { 30, 40, 10, 20 }, values);
    }

    [TestMethod]
    public void LoadImagesOpensNoFileUntilTheImageIsRead()
    {
        var ctx = new GanContext();
        var data = ctx.Data.LoadImagesFromFolder(_root);
        foreach (var file in data.GetColumn<string>("ImagePath").ToList())
        {
            File.Delete(file);
        }

        // Every file is gone: fitting, transforming and reading the other column must open none of them.
        var loaded = ctx.Transforms.LoadImages("Image", string.Empty, "ImagePath").Fit(data).Transform(data);
        Assert.AreEqual(new ImageDataViewType(), loaded.Schema["Image"].Type);
        CollectionAssert.AreEqual(new uint[] { 1, 1, 3, 3 }, loaded.GetColumn<uint>("Label").ToArray());
        using (var cursor = loaded.GetRowCursor(loaded.Schema["Image"], loaded.Schema["Label"]))
        {
            var rows = 0;
            while (cursor.MoveNext())
            {
                rows++;
            }

            Assert.AreEqual(4, rows, "moving an image cursor without calling its getter opens nothing");
        }

        // The files are really needed when the image is read: the first getter call fails on them.
        var e = Assert.ThrowsExactly<ImageLoadingException>(() => loaded.GetColumn<MLImage>("Image").First());
        StringAssert.Contains(e.Message, Path.Combine(_root, "bag", "c.png"));
    }

    [TestMethod]
    public void LoadImagesOpensOnlyTheRowsWhoseImageIsRead()
    {
        var ctx = new GanContext();
        var data = ctx.Data.LoadImagesFromFolder(_root);
        File.Delete(Path.Combine(_root, "bag", "c.png"));
        File.Delete(Path.Combine(_root, "sneaker", "a.png"));
        var loaded = ctx.Transforms.LoadImages("Image", string.Empty, "ImagePath").Fit(data).Transform(data);
        var image = loaded.Schema["Image"];
        using var cursor = loaded.GetRowCursor(image);
        var getter = cursor.GetGetter<MLImage>(image);
        var read = new Dictionary<long, byte>();
        while (cursor.MoveNext())
        {
            // Rows 1 and 3 (bag/deep/d.png, sneaker/b.png) still have their files.
            if (cursor.Position is 1 or 3)
            {
                MLImage value = null!;
                getter(ref value);
                read[cursor.Position] = value.Pixels[0];
            }
        }

        CollectionAssert.AreEquivalent(new Dictionary<long, byte> { [1] = 40, [3] = 20 }, read);
    }

    [TestMethod]
    public void MissingAndCorruptImagesNameFileAndRow()
    {
        File.Delete(Path.Combine(_root, "bag", "deep", "d.png"));
        File.Copy(ImageFixtures.File("corrupt.png"), Path.Combine(_root, "sneaker", "b.png"), overwrite: true);
        var list = WriteList("list.csv", "path,label", "bag/c.png,bag", "bag/deep/d.png,bag", "sneaker/b.png,sneaker");
        var ctx = new GanContext();
        var data = ctx.Data.LoadImageList(list);
        var loaded = ctx.Transforms.LoadImages("Image", string.Empty, "ImagePath").Fit(data).Transform(data);
        var missing = Assert.ThrowsExactly<ImageLoadingException>(() => loaded.GetColumn<MLImage>("Image").ToList());
        StringAssert.Contains(missing.Message, Path.Combine(_root, "bag", "deep", "d.png"));
        StringAssert.Contains(missing.Message, "row 1 (0-based)");
        StringAssert.Contains(missing.Message, "'ImagePath'");

        // Only the corrupt row: its error carries the decoder's reason.
        var onlyLast = ctx.Data.SkipRows(data, 2);
        var decodeError = Assert.ThrowsExactly<ImageLoadingException>(
            () => ctx.Transforms.LoadImages("Image", string.Empty, "ImagePath").Fit(onlyLast).Transform(onlyLast).GetColumn<MLImage>("Image").ToList());
        StringAssert.Contains(decodeError.Message, Path.Combine(_root, "sneaker", "b.png"));
        StringAssert.Contains(decodeError.Message, "cannot decode");
    }

    [TestMethod]
    public void SkipBadRowsDropsThemAndReportsEachOnce()
    {
        File.Copy(ImageFixtures.File("not_an_image.png"), Path.Combine(_root, "sneaker", "a.png"), overwrite: true);
        File.Delete(Path.Combine(_root, "bag", "c.png"));
        var list = WriteList("list.tsv", "bag/c.png\tbag", "sneaker/a.png\tsneaker", "sneaker/b.png\tsneaker");
        var ctx = new GanContext();
        var warnings = new List<string>();
        ctx.Log += (_, e) => warnings.Add(e.Message);
        var data = ctx.Data.LoadImageList(list);
        var transformer = ctx.Transforms.LoadImages("Image", string.Empty, "ImagePath", skipBadRows: true).Fit(data);
        var loaded = transformer.Transform(data);

        for (var pass = 0; pass < 2; pass++)
        {
            var rows = loaded.GetColumn<MLImage>("Image").ToList();
            Assert.HasCount(1, rows);
            Assert.AreEqual(20, rows[0].Pixels[0]);
        }

        Assert.AreEqual(2, transformer.Report.SkippedCount);
        var skipped = transformer.Report.SkippedRows;
        Assert.AreEqual((0L, Path.Combine(_root, "bag", "c.png")), (skipped[0].Row, skipped[0].Path));
        Assert.AreEqual((1L, Path.Combine(_root, "sneaker", "a.png")), (skipped[1].Row, skipped[1].Path));
        StringAssert.Contains(skipped[1].Reason, "cannot decode");
        Assert.HasCount(2, warnings);
        CollectionAssert.AreEqual(new uint[] { 2 }, loaded.GetColumn<uint>("Label").ToArray());
    }

    [TestMethod]
    public void ListRowWithoutLabelNamesFileRowAndColumn()
    {
        var list = WriteList("bad.csv", "path,label", "bag/c.png,bag", "sneaker/a.png");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new GanContext().Data.LoadImageList(list));
        StringAssert.Contains(e.Message, $"line 3 of '{list}'");
        StringAssert.Contains(e.Message, "column 2 (label)");
    }

    [TestMethod]
    public void ListResolvesRelativePathsAndQuotedFieldsAndKeepsAbsoluteOnes()
    {
        var absolute = Path.Combine(_root, "bag", "c.png");
        var list = WriteList("sub/list.csv", "\"../sneaker/a.png\",sneaker", $"{absolute},bag");
        var data = new GanContext().Data.LoadImageList(list);
        CollectionAssert.AreEqual(new[] { Path.Combine(_root, "sneaker", "a.png"), absolute }, data.GetColumn<string>("ImagePath").ToArray());
        CollectionAssert.AreEqual(new[] { "bag", "sneaker" }, data.Schema["Label"].GetKeyValueNames());
        CollectionAssert.AreEqual(new uint[] { 2, 1 }, data.GetColumn<uint>("Label").ToArray());
    }

    [TestMethod]
    public void ListLabelsOutsideGivenClassNamesAreRejected()
    {
        var list = WriteList("list.csv", "bag/c.png,bag", "sneaker/a.png,boot");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new GanContext().Data.LoadImageList(list, classNames: ["bag", "sneaker"]));
        StringAssert.Contains(e.Message, $"line 2 of '{list}'");
        StringAssert.Contains(e.Message, "'boot'");
    }

    [TestMethod]
    public void FolderErrorsNameTheFolder()
    {
        var missing = Path.Combine(_root, "nope");
        var e = Assert.ThrowsExactly<DirectoryNotFoundException>(() => new GanContext().Data.LoadImagesFromFolder(missing));
        StringAssert.Contains(e.Message, missing);
        var flat = Path.Combine(_root, "bag", "deep");
        var f = Assert.ThrowsExactly<InvalidDataException>(() => new GanContext().Data.LoadImagesFromFolder(flat));
        StringAssert.Contains(f.Message, flat);
    }

    private void Save(string relative, byte value) =>
        MLImage.CreateFromPixels(3, 2, 1, Enumerable.Repeat(value, 6).ToArray()).Save(Path.Combine(_root, relative));

    private string WriteList(string relative, params string[] lines)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines);
        return path;
    }
}
