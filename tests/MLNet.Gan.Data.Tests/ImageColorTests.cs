// Grayscale conversion, alpha compositing (also from LoadImages) and channel changes against hand-computed values.
using MLNet.Gan.TestUtilities;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class ImageColorTests
{
    [TestMethod]
    public void GrayscaleUsesBt601Luma()
    {
        var rgb = MLImage.CreateFromPixels(4, 1, 3, new byte[] { 255, 0, 0, 0, 255, 0, 0, 0, 255, 100, 150, 200 });
        var gray = rgb.ToGrayscale();
        Assert.AreEqual(1, gray.Channels);
        // 0.299*255 = 76.2, 0.587*255 = 149.7, 0.114*255 = 29.1, 29.9 + 88.05 + 22.8 = 140.75
        CollectionAssert.AreEqual(new byte[] { 76, 150, 29, 141 }, gray.Pixels);
    }

    [TestMethod]
    public void GrayscaleDropsOrKeepsAlpha()
    {
        var rgba = MLImage.CreateFromPixels(1, 1, 4, new byte[] { 100, 150, 200, 7 });
        CollectionAssert.AreEqual(new byte[] { 141 }, rgba.ToGrayscale().Pixels);
        CollectionAssert.AreEqual(new byte[] { 141, 7 }, rgba.ToGrayscale(keepAlpha: true).Pixels);
    }

    [TestMethod]
    public void AlphaIsBlendedOverTheBackground()
    {
        var rgba = MLImage.CreateFromPixels(3, 1, 4, new byte[] { 200, 100, 0, 128, 9, 9, 9, 0, 1, 2, 3, 255 });
        var flat = rgba.CompositeAlpha(255, 255, 255);
        Assert.AreEqual(3, flat.Channels);
        // (200*128 + 255*127)/255 = 227.4, (100*128 + 255*127)/255 = 177.2, (0 + 255*127)/255 = 127
        CollectionAssert.AreEqual(new byte[] { 227, 177, 127, 255, 255, 255, 1, 2, 3 }, flat.Pixels);
    }

    [TestMethod]
    public void GrayAlphaBlendsOverTheBackgroundsLuma()
    {
        var la = MLImage.CreateFromPixels(2, 1, 2, new byte[] { 100, 64, 100, 255 });
        var flat = la.CompositeAlpha(0, 0, 0);
        Assert.AreEqual(1, flat.Channels);
        // 100*64/255 = 25.1
        CollectionAssert.AreEqual(new byte[] { 25, 100 }, flat.Pixels);
    }

    [TestMethod]
    public void ImagesWithoutAlphaAreReturnedAsTheyAre()
    {
        var rgb = MLImage.CreateFromPixels(1, 1, 3, new byte[] { 1, 2, 3 });
        Assert.AreSame(rgb, rgb.CompositeAlpha());
    }

    [TestMethod]
    public void DecodedGrayAlphaFixtureComposites()
    {
        var (_, _, _, la) = ImageFixtures.Expected("gray_alpha.png");
        var image = MLImage.CreateFromFile(ImageFixtures.File("gray_alpha.png"));
        var flat = image.CompositeAlpha(0, 0, 0);
        for (var i = 0; i < flat.Pixels.Length; i++)
        {
            var expected = (int)Math.Round(la[2 * i] * la[(2 * i) + 1] / 255.0, MidpointRounding.AwayFromZero);
            Assert.AreEqual(expected, flat.Pixels[i], $"pixel {i}");
        }
    }

    [TestMethod]
    public void WithChannelsRepeatsGrayAndAddsOpaqueAlpha()
    {
        var gray = MLImage.CreateFromPixels(2, 1, 1, new byte[] { 10, 20 });
        CollectionAssert.AreEqual(new byte[] { 10, 10, 10, 255, 20, 20, 20, 255 }, gray.WithChannels(4).Pixels);
        var rgb = MLImage.CreateFromPixels(1, 1, 3, new byte[] { 255, 0, 0 });
        CollectionAssert.AreEqual(new byte[] { 76 }, rgb.WithChannels(1).Pixels);
    }

    [TestMethod]
    [DataRow("rgba.png", 0, 3)]
    [DataRow("gray_alpha.png", 0, 1)]
    [DataRow("rgba.png", 1, 1)]
    public void LoadImagesCompositesTransparentPixelsOverTheBackground(string file, int channels, int channelsOut)
    {
        // The fixture has pixels that are neither opaque nor fully transparent, so blending differs from dropping alpha.
        var raw = MLImage.CreateFromFile(ImageFixtures.File(file));
        Assert.IsTrue(raw.HasAlpha);
        var alphas = Enumerable.Range(0, raw.Width * raw.Height).Select(i => raw.Pixels[(i * raw.Channels) + raw.Channels - 1]).ToArray();
        Assert.IsTrue(alphas.Any(a => a is > 0 and < 255), file);

        var ctx = new GanContext(1);
        var data = new InMemoryDataView.Builder().AddColumn("Path", TextDataViewType.Instance, new[] { file }).ToDataView();
        var options = new ImageLoadingEstimator.Options
        {
            OutputColumnName = "Image",
            InputColumnName = "Path",
            ImageFolder = ImageFixtures.Folder,
            Channels = channels,
            CompositeAlpha = true,
            BackgroundRed = 0,
            BackgroundGreen = 128,
            BackgroundBlue = 255,
        };
        var transformer = EstimatorChecks.Run(ctx.Transforms.LoadImages(options), data, context: ctx);
        var image = transformer.Transform(data).GetColumn<MLImage>("Image").Single();
        Assert.AreEqual(channelsOut, image.Channels);

        // Pixel by pixel: out = (c*a + bg*(255 - a)) / 255 over the background (its luma for gray+alpha), then the channels asked for.
        var colors = raw.Channels - 1;
        byte[] background = colors == 1 ? [(byte)Math.Round((0.299 * 0) + (0.587 * 128) + (0.114 * 255), MidpointRounding.AwayFromZero)] : [0, 128, 255];
        var blended = new byte[raw.Width * raw.Height * colors];
        for (var i = 0; i < alphas.Length; i++)
        {
            for (var c = 0; c < colors; c++)
            {
                var value = (raw.Pixels[(i * raw.Channels) + c] * alphas[i]) + (background[c] * (255 - alphas[i]));
                blended[(i * colors) + c] = (byte)Math.Round(value / 255.0, MidpointRounding.AwayFromZero);
            }
        }

        var expected = MLImage.CreateFromPixels(raw.Width, raw.Height, colors, blended).WithChannels(channelsOut).Pixels;
        CollectionAssert.AreEqual(expected, image.Pixels);
        CollectionAssert.AreNotEqual(raw.WithChannels(channelsOut).Pixels, image.Pixels, "blending is not dropping alpha");
    }

    [TestMethod]
    public void CompositingCannotKeepAlpha()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(
            () => new GanContext().Transforms.LoadImages(new ImageLoadingEstimator.Options { CompositeAlpha = true, Channels = 4 }));
        StringAssert.Contains(e.Message, "CompositeAlpha");
    }
}
