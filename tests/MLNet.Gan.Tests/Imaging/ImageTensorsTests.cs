// MLImage <-> planar floats in [-1, 1]: exact byte round trips, luma of colour pixels, both pixel orders,
// size checks, clamping; and the (N, C, H, W) tensor batch conversions on TorchSharp.
using Microsoft.ML.Data;
using MLNet.Gan.Imaging;
using TorchSharp;

namespace MLNet.Gan.Tests.Imaging;

[TestClass]
public sealed class ImageTensorsTests
{
    [TestMethod]
    [DataRow(MLPixelFormat.Bgra32)]
    [DataRow(MLPixelFormat.Rgba32)]
    public void RgbPlanesFollowThePixelOrder(MLPixelFormat format)
    {
        using var image = Pixels.Pattern(4, 3, format);
        var chw = new float[3 * 3 * 4];
        ImageTensors.ToChw(image, 3, chw);
        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                var p = (y * 4) + x;
                Assert.AreEqual((((10 * x) + y) / 127.5f) - 1, chw[p], 1e-6f, "red plane");
                Assert.AreEqual(((100 + x) / 127.5f) - 1, chw[12 + p], 1e-6f, "green plane");
                Assert.AreEqual(((200 - y) / 127.5f) - 1, chw[24 + p], 1e-6f, "blue plane");
            }
        }
    }

    [TestMethod]
    [DataRow(MLPixelFormat.Bgra32)]
    [DataRow(MLPixelFormat.Rgba32)]
    public void OneChannelIsBt601Luma(MLPixelFormat format)
    {
        using var image = Pixels.Pattern(4, 3, format);
        var luma = new float[12];
        ImageTensors.ToChw(image, 1, luma);
        var (r, g, b) = (10 * 3 + 2, 100 + 3, 200 - 2); // pixel (3, 2)
        Assert.AreEqual((((0.299f * r) + (0.587f * g) + (0.114f * b)) / 127.5f) - 1, luma[(2 * 4) + 3], 1e-5f);
    }

    [TestMethod]
    public void BytesSurviveFromChwToChwExactlyAndFloatsWithinOneLevel()
    {
        var random = new Random(5);
        var original = Enumerable.Range(0, 3 * 6 * 7).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        using var image = ImageTensors.FromChw(original, 3, 6, 7);
        Assert.AreEqual((7, 6), (image.Width, image.Height));
        var back = new float[original.Length];
        ImageTensors.ToChw(image, 3, back);
        for (var i = 0; i < original.Length; i++)
        {
            Assert.AreEqual(original[i], back[i], (1f / 255) + 1e-6f, $"value {i}");
        }

        using var again = ImageTensors.FromChw(back, 3, 6, 7);
        CollectionAssert.AreEqual(image.Pixels.ToArray(), again.Pixels.ToArray(), "bytes -> floats -> bytes is exact");
    }

    [TestMethod]
    public void GrayIsRepeatedIntoRgbAndValuesAreClamped()
    {
        using var image = ImageTensors.FromChw([-1f, 1f, -3f, 7f, 0f, 0.5f], 1, 2, 3);
        Assert.IsTrue(ImageTensors.IsGray(image));
        Assert.AreEqual(1, ImageTensors.ChannelsOf(image));
        CollectionAssert.AreEqual(new byte[] { 0, 0, 0 }, Pixels.Rgb(image, 0, 0));
        CollectionAssert.AreEqual(new byte[] { 255, 255, 255 }, Pixels.Rgb(image, 1, 0));
        CollectionAssert.AreEqual(new byte[] { 0, 0, 0 }, Pixels.Rgb(image, 2, 0), "-3 clamps to 0");
        CollectionAssert.AreEqual(new byte[] { 255, 255, 255 }, Pixels.Rgb(image, 0, 1), "7 clamps to 255");
        CollectionAssert.AreEqual(new byte[] { 128, 128, 128 }, Pixels.Rgb(image, 1, 1), "0 is 127.5, rounded up");
        CollectionAssert.AreEqual(new byte[] { 191, 191, 191 }, Pixels.Rgb(image, 2, 1), "0.5 is 191.25");
        Assert.AreEqual(255, ImagePixels.Get(image, 2, 1).A);
        Assert.AreEqual(3, ImageTensors.ChannelsOf(Pixels.Pattern(2, 2, MLPixelFormat.Rgba32)));
    }

    [TestMethod]
    public void WrongSizesAndValuesAreNamed()
    {
        using var image = Pixels.Gray(4, 3, 9);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ImageTensors.ToChw(image, 3, new float[12]));
        Assert.Contains("needs 36 floats", e.Message);
        Assert.Contains("holds 12", e.Message);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ImageTensors.ToChw(image, 2, new float[24]));
        var n = Assert.ThrowsExactly<ArgumentException>(() => ImageTensors.FromChw([0f, float.NaN, 0f, 0f], 1, 2, 2));
        Assert.Contains("pixel (1, 0)", n.Message);
        var s = Assert.ThrowsExactly<ArgumentException>(() => ImageTensors.FromChw(new float[5], 1, 2, 2));
        Assert.Contains("needs 4 floats, found 5", s.Message);
    }

    [TestMethod]
    public void ToTensorNamesTheImageOfAnotherSize()
    {
        var images = new[] { Pixels.Gray(5, 4, 1), Pixels.Gray(5, 4, 2), Pixels.Gray(4, 5, 3) };
        var e = Assert.ThrowsExactly<ArgumentException>(() => ImageTensors.ToTensor(images, 1));
        Assert.Contains("image 2 (0-based) is 4x5", e.Message);
        Assert.Contains("expected 5x4", e.Message);
    }

    [TestMethod]
    public void TensorBatchRoundTripsThroughImages()
    {
        var images = new[] { Pixels.Pattern(5, 4, MLPixelFormat.Bgra32), Pixels.Pattern(5, 4, MLPixelFormat.Rgba32) };
        using var tensor = ImageTensors.ToTensor(images, 3);
        CollectionAssert.AreEqual(new long[] { 2, 3, 4, 5 }, tensor.shape);
        Assert.AreEqual(torch.ScalarType.Float32, tensor.dtype);
        var values = tensor.data<float>().ToArray();
        Assert.AreEqual((((10 * 4) + 3) / 127.5f) - 1, values[19], 1e-6f, "image 0, red, pixel (4, 3)");
        Assert.AreEqual(((200 - 3) / 127.5f) - 1, values[60 + 40 + 19], 1e-6f, "image 1, blue, pixel (4, 3)");

        var back = ImageTensors.ToImages(tensor);
        Assert.HasCount(2, back);
        for (var i = 0; i < 2; i++)
        {
            for (var p = 0; p < 20; p++)
            {
                CollectionAssert.AreEqual(Pixels.Rgb(images[i], p % 5, p / 5), Pixels.Rgb(back[i], p % 5, p / 5));
            }
        }
    }

    [TestMethod]
    public void GrayBatchBecomesGrayImagesAndBadShapesAreRejected()
    {
        using var gray = torch.linspace(-1, 1, 2 * 1 * 3 * 3).reshape(2, 1, 3, 3);
        var images = ImageTensors.ToImages(gray);
        Assert.HasCount(2, images);
        Assert.IsTrue(images.All(ImageTensors.IsGray));
        CollectionAssert.AreEqual(new byte[] { 0, 0, 0 }, Pixels.Rgb(images[0], 0, 0));
        CollectionAssert.AreEqual(new byte[] { 255, 255, 255 }, Pixels.Rgb(images[1], 2, 2));

        using var twoChannels = torch.zeros(1, 2, 3, 3);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ImageTensors.ToImages(twoChannels));
        Assert.Contains("[1, 2, 3, 3]", e.Message);
        using var nan = torch.full(1, 1, 2, 2, float.NaN);
        var n = Assert.ThrowsExactly<ArgumentException>(() => ImageTensors.ToImages(nan));
        Assert.Contains("image 0 (0-based)", n.Message);
    }
}
