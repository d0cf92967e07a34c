// The IDX data view inside ML.NET: schema, key names through GetKeyValues and MapKeyToValue, lazy images,
// shuffling, label range checks, and ML.NET's own image transforms fitted on the Image column.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNet.Gan.Data;

namespace MLNet.Gan.Tests.Data;

[TestClass]
public sealed class IdxDataViewTests
{
    private static readonly string[] s_names = Enumerable.Range(0, 8).Select(i => "class" + i).ToArray();
    private IdxFixtures _files = null!;
    private MLContext _ml = null!;

    [TestInitialize]
    public void WriteFiles()
    {
        _files = new IdxFixtures();
        _ml = new MLContext(seed: 1);
    }

    [TestCleanup]
    public void RemoveFiles() => _files.Dispose();

    [TestMethod]
    public void ColumnsAreImageAndKeyWithClassNames()
    {
        var data = _ml.Data.LoadIdx(_files.ImagesGz, _files.LabelsGz, s_names);
        Assert.AreEqual(2, data.Schema.Count);
        Assert.AreEqual(new ImageDataViewType(4, 5), data.Schema["Image"].Type);
        Assert.AreEqual(new KeyDataViewType(typeof(uint), 8), data.Schema["Label"].Type);
        Assert.AreEqual(3L, data.GetRowCount());
        CollectionAssert.AreEqual(s_names, KeyNames(data.Schema["Label"]));
        CollectionAssert.AreEqual(new uint[] { 8, 1, 4 }, data.GetColumn<uint>("Label").ToArray());
        var images = data.GetColumn<MLImage>("Image").ToArray();
        Assert.HasCount(3, images);
        CollectionAssert.AreEqual(new byte[] { 47, 47, 47 }, Pixels.Rgb(images[1], 2, 1), "image 1, row 1, column 2 = 40 + 5 + 2");
    }

    [TestMethod]
    public void KeyNamesRoundTripThroughMapKeyToValue()
    {
        var data = _ml.Data.LoadIdx(_files.Images, _files.Labels, s_names);
        var named = _ml.Transforms.Conversion.MapKeyToValue("LabelName", "Label").Fit(data).Transform(data);
        Assert.AreEqual(TextDataViewType.Instance, named.Schema["LabelName"].Type);
        var names = named.GetColumn<ReadOnlyMemory<char>>("LabelName").Select(m => m.ToString()).ToArray();
        CollectionAssert.AreEqual(new[] { "class7", "class0", "class3" }, names);

        var keyed = _ml.Transforms.Conversion.MapValueToKey("Again", "LabelName").Fit(named).Transform(named);
        var back = _ml.Transforms.Conversion.MapKeyToValue("AgainName", "Again").Fit(keyed).Transform(keyed);
        CollectionAssert.AreEqual(names, back.GetColumn<ReadOnlyMemory<char>>("AgainName").Select(m => m.ToString()).ToArray());
    }

    [TestMethod]
    public void WithoutClassNamesLabelsAreNamedByNumber()
    {
        var data = _ml.Data.LoadIdx(_files.Images, _files.Labels);
        CollectionAssert.AreEqual(new[] { "0", "1", "2", "3", "4", "5", "6", "7" }, KeyNames(data.Schema["Label"]));
    }

    [TestMethod]
    public void WithoutLabelsThereIsOnlyTheImageColumn()
    {
        var data = _ml.Data.LoadIdx(_files.Images);
        Assert.AreEqual(1, data.Schema.Count);
        Assert.AreEqual("Image", data.Schema[0].Name);
    }

    [TestMethod]
    public void LabelsBeyondTheClassNamesAreRejected()
    {
        var e = Assert.ThrowsExactly<InvalidDataException>(() => _ml.Data.LoadIdx(_files.Images, _files.LabelsGz, ["a", "b", "c"]));
        Assert.Contains(_files.LabelsGz, e.Message);
        Assert.Contains("item 0 (0-based)", e.Message);
        Assert.Contains("label 7", e.Message);
    }

    [TestMethod]
    public void ImagesAreMadeOnlyWhenTheirGetterIsCalled()
    {
        var view = (IdxDataView)_ml.Data.LoadIdx(_files.Images, _files.Labels);
        Assert.HasCount(3, view.GetColumn<uint>("Label").ToArray());
        using (var cursor = view.GetRowCursor(view.Schema))
        {
            while (cursor.MoveNext())
            {
            }
        }

        Assert.AreEqual(0L, view.ImagesMade, "reading labels and moving cursors makes no image");
        Assert.HasCount(3, view.GetColumn<MLImage>("Image").ToArray());
        Assert.AreEqual(3L, view.ImagesMade);
    }

    [TestMethod]
    public void ShuffledCursorVisitsEveryRowOnceWithItsOwnImage()
    {
        var data = _ml.Data.LoadIdx(_files.Images, _files.Labels);
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
                // Label 7 (key 8) is image 0 (pixel 0 = 0), label 0 (key 1) image 1 (40), label 3 (key 4) image 2 (80).
                Assert.AreEqual(key switch { 8 => 0, 1 => 40, _ => 80 }, Pixels.Rgb(img, 0, 0)[0]);
                seen.Add(key);
            }
        }

        CollectionAssert.AreEquivalent(new uint[] { 8, 1, 4 }, seen);
    }

    [TestMethod]
    public void GettersCheckTypeAndActiveColumns()
    {
        var data = _ml.Data.LoadIdx(_files.Images, _files.Labels);
        using var cursor = data.GetRowCursor([data.Schema["Label"]]);
        var wrong = Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<int>(data.Schema["Label"]));
        Assert.Contains("Int32", wrong.Message);
        var inactive = Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<MLImage>(data.Schema["Image"]));
        Assert.Contains("'Image'", inactive.Message);
        var getter = cursor.GetGetter<uint>(data.Schema["Label"]);
        uint key = 0;
        Assert.ThrowsExactly<InvalidOperationException>(() => getter(ref key), "no row before MoveNext");
    }

    [TestMethod]
    public void ExtractPixelsReadsTheFileBytes()
    {
        var data = _ml.Data.LoadIdx(_files.Images, _files.Labels);
        var pixels = _ml.Transforms.ExtractPixels("Pixels", "Image").Fit(data).Transform(data);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3, 4, 5), pixels.Schema["Pixels"].Type);
        var rows = pixels.GetColumn<float[]>("Pixels").ToArray();
        for (var i = 0; i < 3; i++)
        {
            var expected = Enumerable.Range(0, 20).Select(p => (float)IdxFixtures.ExpectedPixel(i, p / 5, p % 5)).ToArray();
            for (var plane = 0; plane < 3; plane++)
            {
                CollectionAssert.AreEqual(expected, rows[i][(plane * 20)..((plane + 1) * 20)], $"image {i}, plane {plane}");
            }
        }
    }

    [TestMethod]
    public void GrayscaleResizeAndExtractPixelsRunAsOnePipeline()
    {
        var data = _ml.Data.LoadIdx(_files.ImagesGz, _files.LabelsGz, s_names);
        var pipeline = _ml.Transforms.ConvertToGrayscale("Gray", "Image")
            .Append(_ml.Transforms.ResizeImages("Big", imageWidth: 10, imageHeight: 8, inputColumnName: "Gray", resizing: ImageResizingEstimator.ResizingKind.Fill))
            .Append(_ml.Transforms.ExtractPixels("Pixels", "Big", colorsToExtract: ImagePixelExtractingEstimator.ColorBits.Red, scaleImage: 1f / 255));
        var output = pipeline.Fit(data).Transform(data);
        Assert.AreEqual(new ImageDataViewType(8, 10), output.Schema["Big"].Type);
        var rows = output.GetColumn<float[]>("Pixels").ToArray();
        Assert.HasCount(3, rows);
        for (var i = 0; i < 3; i++)
        {
            Assert.HasCount(80, rows[i]);
            // Doubling the size keeps the range of each gray image (up to rounding in the gray conversion).
            Assert.AreEqual(IdxFixtures.ExpectedPixel(i, 0, 0) / 255f, rows[i].Min(), 1.5f / 255);
            Assert.AreEqual(IdxFixtures.ExpectedPixel(i, 3, 4) / 255f, rows[i].Max(), 1.5f / 255);
        }

        CollectionAssert.AreEqual(new uint[] { 8, 1, 4 }, output.GetColumn<uint>("Label").ToArray(), "labels pass through");
    }

    internal static string[] KeyNames(DataViewSchema.Column column)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetKeyValues(ref names);
        return names.DenseValues().Select(m => m.ToString()).ToArray();
    }
}
