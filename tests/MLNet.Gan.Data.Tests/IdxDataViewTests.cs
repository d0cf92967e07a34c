// The IDX data view: schema, keys with class names, shuffling, label range checks.
namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class IdxDataViewTests
{
    private static readonly string Images = ImageFixtures.File("tiny-images-idx3-ubyte.gz");
    private static readonly string Labels = ImageFixtures.File("tiny-labels-idx1-ubyte.gz");

    [TestMethod]
    public void ColumnsAreImageAndKeyWithClassNames()
    {
        var names = Enumerable.Range(0, 8).Select(i => "class" + i).ToArray();
        var data = new GanContext().Data.LoadFromIdx(Images, Labels, names);
        Assert.AreEqual(new ImageDataViewType(4, 5), data.Schema["Image"].Type);
        Assert.AreEqual(new KeyDataViewType(8), data.Schema["Label"].Type);
        CollectionAssert.AreEqual(names, data.Schema["Label"].GetKeyValueNames());
        CollectionAssert.AreEqual(new uint[] { 8, 1, 4 }, data.GetColumn<uint>("Label").ToArray());
        var images = data.GetColumn<MLImage>("Image").ToArray();
        Assert.AreEqual(40 + 5 + 2, images[1].Pixels[(1 * 5) + 2]);
    }

    [TestMethod]
    public void WithoutClassNamesLabelsAreNamedByNumber()
    {
        var data = new GanContext().Data.LoadFromIdx(Images, Labels);
        CollectionAssert.AreEqual(new[] { "0", "1", "2", "3", "4", "5", "6", "7" }, data.Schema["Label"].GetKeyValueNames());
    }

    [TestMethod]
    public void WithoutLabelsThereIsOnlyTheImageColumn()
    {
        var data = new GanContext().Data.LoadFromIdx(Images);
        Assert.AreEqual(1, data.Schema.Count);
    }

    [TestMethod]
    public void LabelsBeyondTheClassNamesAreRejected()
    {
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new GanContext().Data.LoadFromIdx(Images, Labels, ["a", "b", "c"]));
        StringAssert.Contains(e.Message, Labels);
        StringAssert.Contains(e.Message, "item 0 (0-based)");
        StringAssert.Contains(e.Message, "label 7");
    }

    [TestMethod]
    public void ShuffledCursorVisitsEveryRowOnce()
    {
        var data = new GanContext().Data.LoadFromIdx(Images, Labels);
        var seen = new List<uint>();
        using (var cursor = data.GetRowCursor(data.Schema, new Random(3)))
        {
            var label = cursor.GetGetter<uint>(data.Schema["Label"]);
            var image = cursor.GetGetter<MLImage>(data.Schema["Image"]);
            uint key = 0;
            MLImage img = null!;
            while (cursor.MoveNext())
            {
                label(ref key);
                image(ref img);
                // The image of label 7 is image 0 (pixel 0 = 0), of 0 image 1 (40), of 3 image 2 (80).
                Assert.AreEqual(key switch { 8 => 0, 1 => 40, _ => 80 }, img.Pixels[0]);
                seen.Add(key);
            }
        }

        CollectionAssert.AreEquivalent(new uint[] { 8, 1, 4 }, seen);
    }

    [TestMethod]
    public void MaterialiseUsesZeroToOneWhenAsked()
    {
        using var scope = Torch.Torch.NewScope();
        var data = new GanContext().Data.LoadFromIdx(Images, Labels);
        var (images, labels) = ImageTensors.Materialize(data, range: PixelRange.ZeroToOne);
        CollectionAssert.AreEqual(new long[] { 3, 1, 4, 5 }, images.Shape);
        var values = images.ToArray<float>();
        Assert.AreEqual((80 + 15 + 4) / 255f, values[(2 * 20) + 19], 1e-6f);
        CollectionAssert.AreEqual(new long[] { 7, 0, 3 }, labels!.ToArray<long>());
    }
}
