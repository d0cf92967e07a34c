// The Options overloads of the image loaders: the same rows as the plain overloads, and what only options can say
// (column names, another data folder, another image folder).
using MLNet.Gan.TestUtilities;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class LoaderOptionsTests
{
    private static readonly string IdxImages = ImageFixtures.File("tiny-images-idx3-ubyte.gz");
    private static readonly string IdxLabels = ImageFixtures.File("tiny-labels-idx1-ubyte.gz");
    private string _root = null!;

    [TestInitialize]
    public void MakeFolders()
    {
        // root/bag/c.png, root/sneaker/{a,b}.png
        _root = ImageFixtures.TempFolder();
        Save("bag/c.png", 30);
        Save("sneaker/a.png", 10);
        Save("sneaker/b.png", 20);
    }

    [TestCleanup]
    public void RemoveFolders() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    public void IdxOptionsReadWhatThePlainOverloadReadsAndNameTheColumns()
    {
        var ctx = new GanContext();
        string[] names = ["a", "b", "c", "d", "e", "f", "g", "h"];
        var plain = ctx.Data.LoadFromIdx(IdxImages, IdxLabels, names);
        DataViewAssert.Equal(plain, ctx.Data.LoadFromIdx(IdxImages, new IdxDataView.Options { LabelsPath = IdxLabels, ClassNames = names }));

        var renamed = ctx.Data.LoadFromIdx(IdxImages, new IdxDataView.Options { LabelsPath = IdxLabels, ImageColumnName = "Pixels", LabelColumnName = "Class" });
        CollectionAssert.AreEqual(new[] { "Pixels", "Class" }, renamed.Schema.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(plain.GetColumn<uint>("Label").ToArray(), renamed.GetColumn<uint>("Class").ToArray());
        CollectionAssert.AreEqual(
            plain.GetColumn<MLImage>("Image").SelectMany(i => i.Pixels).ToArray(),
            renamed.GetColumn<MLImage>("Pixels").SelectMany(i => i.Pixels).ToArray());

        var same = Assert.ThrowsExactly<ArgumentException>(
            () => ctx.Data.LoadFromIdx(IdxImages, new IdxDataView.Options { LabelsPath = IdxLabels, LabelColumnName = "Image" }));
        StringAssert.Contains(same.Message, "'Image'");
    }

    [TestMethod]
    public void FashionMnistOptionsReadAnotherFolderUnderOtherColumnNames()
    {
        var ctx = new GanContext();
        var folder = Path.Combine(_root, "fashion");
        Directory.CreateDirectory(folder);
        var (images, labels) = FashionMnist.Files(FashionMnistSplit.Test);
        File.Copy(images, Path.Combine(folder, Path.GetFileName(images)));
        File.Copy(labels, Path.Combine(folder, Path.GetFileName(labels)));

        var plain = ctx.Data.TakeRows(ctx.Data.LoadFashionMnist(FashionMnistSplit.Test), 50);
        DataViewAssert.Equal(plain, ctx.Data.TakeRows(ctx.Data.LoadFashionMnist(new FashionMnist.Options { Split = FashionMnistSplit.Test }), 50));

        var copied = ctx.Data.LoadFashionMnist(new FashionMnist.Options { Split = FashionMnistSplit.Test, Folder = folder, ImageColumnName = "X", LabelColumnName = "Y" });
        Assert.AreEqual(Path.Combine(folder, Path.GetFileName(images)), copied.ImageSet.ImagesPath);
        var first = ctx.Data.TakeRows(copied, 50);
        CollectionAssert.AreEqual(plain.GetColumn<uint>("Label").ToArray(), first.GetColumn<uint>("Y").ToArray());
        CollectionAssert.AreEqual(FashionMnist.ClassNames.ToArray(), copied.Schema["Y"].GetKeyValueNames());

        var missing = Assert.ThrowsExactly<FileNotFoundException>(
            () => ctx.Data.LoadFashionMnist(new FashionMnist.Options { Split = FashionMnistSplit.Train, Folder = folder }));
        StringAssert.Contains(missing.Message, Path.Combine(folder, "train-images-idx3-ubyte.gz"));
    }

    [TestMethod]
    public void FolderOptionsReadWhatThePlainOverloadReadsAndNameTheColumns()
    {
        var ctx = new GanContext();
        DataViewAssert.Equal(ctx.Data.LoadImagesFromFolder(_root), ctx.Data.LoadImagesFromFolder(_root, new ImageFolderLoader.Options()));
        DataViewAssert.Equal(
            ctx.Data.LoadImagesFromFolder(_root, useFolderNameAsLabel: false, extensions: [".png"]),
            ctx.Data.LoadImagesFromFolder(_root, new ImageFolderLoader.Options { UseFolderNameAsLabel = false, Extensions = [".png"] }));

        var renamed = ctx.Data.LoadImagesFromFolder(_root, new ImageFolderLoader.Options { PathColumnName = "File", LabelColumnName = "Class" });
        CollectionAssert.AreEqual(new[] { "File", "Class" }, renamed.Schema.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "bag", "sneaker" }, renamed.Schema["Class"].GetKeyValueNames());
        Assert.AreEqual(3L, renamed.GetRowCount());
    }

    [TestMethod]
    public void ListOptionsReadWhatThePlainOverloadReadsAndResolveAgainstAnotherFolder()
    {
        var ctx = new GanContext();
        var list = Path.Combine(_root, "lists", "list.tsv");
        Directory.CreateDirectory(Path.GetDirectoryName(list)!);
        File.WriteAllLines(list, ["file\tclass", "c.png\tbag", "a.png\tsneaker"]);
        DataViewAssert.Equal(
            ctx.Data.LoadImageList(list, '\t', hasHeader: true, classNames: ["sneaker", "bag"]),
            ctx.Data.LoadImageList(list, new ImageListLoader.Options { Separator = '\t', HasHeader = true, ClassNames = ["sneaker", "bag"] }));

        // Relative paths resolve against the list's folder, or against ImageFolder when the options give one.
        var plain = ctx.Data.LoadImageList(list);
        Assert.AreEqual(Path.Combine(_root, "lists", "c.png"), plain.GetColumn<string>("ImagePath").First());
        var bag = Path.Combine(_root, "bag");
        var elsewhere = ctx.Data.LoadImageList(list, new ImageListLoader.Options { ImageFolder = bag, PathColumnName = "File", LabelColumnName = "Class" });
        CollectionAssert.AreEqual(new[] { Path.Combine(bag, "c.png"), Path.Combine(bag, "a.png") }, elsewhere.GetColumn<string>("File").ToArray());
        CollectionAssert.AreEqual(new[] { "bag", "sneaker" }, elsewhere.Schema["Class"].GetKeyValueNames());
        var loaded = ctx.Transforms.LoadImages("Image", string.Empty, "File").Fit(elsewhere).Transform(elsewhere);
        Assert.AreEqual(30, loaded.GetColumn<MLImage>("Image").First().Pixels[0], "c.png read from the image folder");
    }

    private void Save(string relative, byte value)
    {
        var path = Path.Combine(_root, relative);
        MLImage.CreateFromPixels(3, 2, 1, Enumerable.Repeat(value, 6).ToArray()).Save(path);
    }
}
