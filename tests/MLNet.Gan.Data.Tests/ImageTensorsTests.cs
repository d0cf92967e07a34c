// ImageTensors: CHW layout, scaling, round trips back to images, and errors on mixed sizes or non-finite values.
using MLNet.Gan.Torch;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class ImageTensorsTests
{
    private static InMemoryDataView ImageView(params MLImage[] images) =>
        new InMemoryDataView.Builder().AddColumn("Image", new ImageDataViewType(), images).ToDataView();

    [TestMethod]
    public void RgbImagesBecomeChannelPlanes()
    {
        using var scope = Torch.Torch.NewScope();
        // One 2x1 RGB image: pixels (0, 51, 255) and (255, 102, 0).
        var image = MLImage.CreateFromPixels(2, 1, 3, new byte[] { 0, 51, 255, 255, 102, 0 });
        var t = ImageTensors.FromImages([image], PixelRange.ZeroToOne);
        CollectionAssert.AreEqual(new long[] { 1, 3, 1, 2 }, t.Shape);
        var v = t.ToArray<float>();
        float[] expected = [0f, 1f, 0.2f, 0.4f, 1f, 0f];
        for (var i = 0; i < 6; i++)
        {
            Assert.AreEqual(expected[i], v[i], 1e-6f, $"item {i}");
        }
    }

    [TestMethod]
    public void MinusOneToOneMapsEndsAndMiddle()
    {
        using var scope = Torch.Torch.NewScope();
        var image = MLImage.CreateFromPixels(3, 1, 1, new byte[] { 0, 255, 51 });
        var v = ImageTensors.FromImages([image]).ToArray<float>();
        Assert.AreEqual(-1f, v[0], 1e-6f);
        Assert.AreEqual(1f, v[1], 1e-6f);
        Assert.AreEqual((51 / 127.5f) - 1f, v[2], 1e-6f);
    }

    [TestMethod]
    [DataRow(PixelRange.MinusOneToOne)]
    [DataRow(PixelRange.ZeroToOne)]
    public void ImagesSurviveTheRoundTripExactly(PixelRange range)
    {
        using var scope = Torch.Torch.NewScope();
        var images = new[] { "rgb.png", "interlaced.png" }
            .Select(n => MLImage.CreateFromFile(ImageFixtures.File(n)).Resize(6, 4, ImageResizingEstimator.ResizingKind.Fill))
            .ToArray();
        var tensor = ImageTensors.Materialize(ImageView(images), labelColumnName: null, range: range).Images;
        var back = ImageTensors.ToImages(tensor, range);
        Assert.HasCount(2, back);
        for (var i = 0; i < 2; i++)
        {
            CollectionAssert.AreEqual(images[i].Pixels, back[i].Pixels, $"image {i}");
        }
    }

    [TestMethod]
    [DataRow(PixelRange.MinusOneToOne)]
    [DataRow(PixelRange.ZeroToOne)]
    public void TensorFloatsEqualExtractPixelsBitForBit(PixelRange range)
    {
        using var scope = Torch.Torch.NewScope();
        var images = new[] { "rgb.png", "interlaced.png", "image.bmp" }
            .Select(n => MLImage.CreateFromFile(ImageFixtures.File(n)).Resize(6, 5, ImageResizingEstimator.ResizingKind.Fill))
            .ToArray();
        var view = new InMemoryDataView.Builder().AddColumn("Image", new ImageDataViewType(5, 6), images).ToDataView();
        var ctx = new GanContext();
        var extracted = ctx.Transforms.ExtractPixels("Pixels", "Image", range: range).Fit(view).Transform(view)
            .GetColumn<VBuffer<float>>("Pixels").SelectMany(v => v.ToArray()).ToArray();
        var tensor = ImageTensors.FromImages(images, range).ToArray<float>();
        Assert.HasCount(extracted.Length, tensor);
        for (var i = 0; i < tensor.Length; i++)
        {
            Assert.AreEqual(BitConverter.SingleToInt32Bits(extracted[i]), BitConverter.SingleToInt32Bits(tensor[i]), $"item {i}");
        }
    }

    [TestMethod]
    public void GrayAlphaImagesKeepTwoPlanes()
    {
        using var scope = Torch.Torch.NewScope();
        var la = MLImage.CreateFromFile(ImageFixtures.File("gray_alpha.png"));
        var t = ImageTensors.FromImages([la]);
        CollectionAssert.AreEqual(new long[] { 1, 2, la.Height, la.Width }, t.Shape);
        CollectionAssert.AreEqual(la.Pixels, ImageTensors.ToImages(t)[0].Pixels);
    }

    [TestMethod]
    public void TensorsOfOtherShapesAreRejected()
    {
        using var scope = Torch.Torch.NewScope();
        var e = Assert.ThrowsExactly<ArgumentException>(() => ImageTensors.ToImages(Torch.Torch.Zeros([2, 5, 3, 3])));
        StringAssert.Contains(e.Message, "[2, 5, 3, 3]");
    }

    [TestMethod]
    public void MixedSizesNameRowExpectedAndFound()
    {
        var view = ImageView(MLImage.CreateFromPixels(2, 2, 1, new byte[4]), MLImage.CreateFromPixels(2, 2, 1, new byte[4]), MLImage.CreateFromPixels(3, 2, 1, new byte[6]));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageTensors.Materialize(view, labelColumnName: null));
        StringAssert.Contains(e.Message, "row 2 (0-based)");
        StringAssert.Contains(e.Message, "expected 2x2");
        StringAssert.Contains(e.Message, "found 3x2");
    }

    [TestMethod]
    public void MixedChannelCountsAreRejected()
    {
        var view = ImageView(MLImage.CreateFromPixels(1, 1, 1, new byte[1]), MLImage.CreateFromPixels(1, 1, 3, new byte[3]));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageTensors.Materialize(view, labelColumnName: null));
        StringAssert.Contains(e.Message, "row 1 (0-based)");
        StringAssert.Contains(e.Message, "3 channels");
    }

    [TestMethod]
    public void NonFiniteTensorValuesAreNamed()
    {
        using var scope = Torch.Torch.NewScope();
        var values = new float[2 * 1 * 2 * 2];
        values[4 + 3] = float.NaN;
        var t = Tensor.From(values, 2, 1, 2, 2);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageTensors.ToImages(t));
        StringAssert.Contains(e.Message, "image 1");
        StringAssert.Contains(e.Message, "(1, 1)");
    }

    [TestMethod]
    public void VectorColumnsAreTakenAsTheyAreAndCheckedForNaN()
    {
        using var scope = Torch.Torch.NewScope();
        var type = new VectorDataViewType(NumberDataViewType.Single, 1, 1, 2);
        var good = new InMemoryDataView.Builder().AddColumn("Pixels", type, new[] { new VBuffer<float>([0.5f, -0.25f]) }).ToDataView();
        var t = ImageTensors.Materialize(good, "Pixels", labelColumnName: null).Images;
        CollectionAssert.AreEqual(new long[] { 1, 1, 1, 2 }, t.Shape);
        CollectionAssert.AreEqual(new[] { 0.5f, -0.25f }, t.ToArray<float>());

        var bad = new InMemoryDataView.Builder().AddColumn("Pixels", type, new[] { new VBuffer<float>([0f, 0f]), new VBuffer<float>([0f, float.PositiveInfinity]) }).ToDataView();
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageTensors.Materialize(bad, "Pixels", labelColumnName: null));
        StringAssert.Contains(e.Message, "row 1 (0-based)");
        StringAssert.Contains(e.Message, "item 1");
    }

    [TestMethod]
    public void WrongColumnTypeIsNamed()
    {
        var view = new InMemoryDataView.Builder().AddColumn("Image", NumberDataViewType.Single, new[] { 1f }).ToDataView();
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ImageTensors.Materialize(view));
        StringAssert.Contains(e.Message, "'Image'");
        StringAssert.Contains(e.Message, "Single");
        StringAssert.Contains(e.Message, "expected Image");
    }
}
