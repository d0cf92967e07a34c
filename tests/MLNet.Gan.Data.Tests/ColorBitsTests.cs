// ColorBits as ML.NET writes them (flags Alpha/Red/Green/Blue, Rgb, All) plus Gray: which planes ExtractPixels gives
// and in which order, how ConvertToImage rebuilds images from them, and ConvertToImage's ML.NET parameter order.
using MLNet.Gan.TestUtilities;
using ColorBits = MLNet.Gan.Data.ImagePixelExtractingEstimator.ColorBits;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class ColorBitsTests
{
    // Two RGBA pixels (1 row, 2 columns): partly transparent, with distinct values in every channel.
    private static readonly byte[] s_rgba = [200, 100, 50, 128, 10, 20, 30, 255];

    private static IDataView OneImage(int channels = 4)
    {
        var image = MLImage.CreateFromPixels(2, 1, 4, s_rgba).WithChannels(channels);
        return new InMemoryDataView.Builder().AddColumn("Photo", new ImageDataViewType(1, 2), new[] { image }).ToDataView();
    }

    [TestMethod]
    public void NamesAndValuesAreMLNetsPlusGray()
    {
        // ML.NET: Alpha 1, Red 2, Green 4, Blue 8, Rgb = Red | Green | Blue, All = Rgb | Alpha; Gray is ours.
        var expected = new Dictionary<string, int> { ["Alpha"] = 1, ["Red"] = 2, ["Green"] = 4, ["Blue"] = 8, ["Rgb"] = 14, ["All"] = 15, ["Gray"] = 16 };
        var actual = Enum.GetValues<ColorBits>().ToDictionary(v => Enum.GetName(v)!, v => (int)v);
        CollectionAssert.AreEquivalent(expected.OrderBy(p => p.Key).ToArray(), actual.OrderBy(p => p.Key).ToArray());
        Assert.IsTrue(typeof(ColorBits).IsDefined(typeof(FlagsAttribute), false), "ColorBits is a flags enum");
    }

    [TestMethod]
    [DataRow(ColorBits.Rgb, "RGB")]
    [DataRow(ColorBits.All, "RGBA")]
    [DataRow(ColorBits.Red | ColorBits.Blue, "RB")]
    [DataRow(ColorBits.Alpha, "A")]
    [DataRow(ColorBits.Green | ColorBits.Alpha, "GA")]
    [DataRow(ColorBits.Gray, "L")]
    [DataRow(ColorBits.Gray | ColorBits.Alpha, "LA")]
    public void ExtractPixelsGivesThePlanesInRgbaOrder(ColorBits colors, string planes)
    {
        var ctx = new GanContext();
        var output = ctx.Transforms.ExtractPixels("Pixels", "Photo", colors, PixelRange.ZeroToOne).Fit(OneImage()).Transform(OneImage());
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, planes.Length, 1, 2), output.Schema["Pixels"].Type);
        var values = output.GetColumn<VBuffer<float>>("Pixels").Single().ToArray();
        for (var k = 0; k < planes.Length; k++)
        {
            for (var x = 0; x < 2; x++)
            {
                var p = s_rgba.AsSpan(x * 4, 4);
                var expected = planes[k] switch
                {
                    'R' => p[0],
                    'G' => p[1],
                    'B' => p[2],
                    'A' => p[3],
                    _ => (int)Math.Round((0.299 * p[0]) + (0.587 * p[1]) + (0.114 * p[2]), MidpointRounding.AwayFromZero),
                };
                Assert.AreEqual(expected / 255f, values[(k * 2) + x], 1e-6f, $"plane {planes[k]}, pixel {x}");
            }
        }
    }

    [TestMethod]
    public void AlphaOfAnOpaqueImageIsOne()
    {
        var ctx = new GanContext();
        var output = ctx.Transforms.ExtractPixels("A", "Photo", ColorBits.Alpha, PixelRange.ZeroToOne).Fit(OneImage(3)).Transform(OneImage(3));
        CollectionAssert.AreEqual(new[] { 1f, 1f }, output.GetColumn<VBuffer<float>>("A").Single().ToArray());
    }

    [TestMethod]
    public void ConvertToImageTakesMLNetsParametersInMLNetsOrder()
    {
        var ctx = new GanContext();
        var pixels = ctx.Transforms.ExtractPixels("Pixels", "Photo", ColorBits.Rgb).Fit(OneImage()).Transform(OneImage());
        var estimator = ctx.Transforms.ConvertToImage(imageHeight: 1, imageWidth: 2, outputColumnName: "Back", inputColumnName: "Pixels", colorsPresent: ColorBits.Rgb);
        var back = estimator.Fit(pixels).Transform(pixels);
        Assert.AreEqual(new ImageDataViewType(1, 2), back.Schema["Back"].Type);
        var image = back.GetColumn<MLImage>("Back").Single();
        Assert.AreEqual((2, 1, 3), (image.Width, image.Height, image.Channels));
        CollectionAssert.AreEqual(MLImage.CreateFromPixels(2, 1, 4, s_rgba).WithChannels(3).Pixels, image.Pixels);
    }

    [TestMethod]
    public void ConvertToImageFillsColoursNotPresentWithZero()
    {
        var ctx = new GanContext();
        var pipeline = ctx.Transforms.ExtractPixels("Pixels", "Photo", ColorBits.Red | ColorBits.Blue | ColorBits.Alpha)
            .Append(ctx.Transforms.ConvertToImage(1, 2, "Back", "Pixels", ColorBits.Red | ColorBits.Blue | ColorBits.Alpha));
        var image = pipeline.Fit(OneImage()).Transform(OneImage()).GetColumn<MLImage>("Back").Single();
        Assert.AreEqual(4, image.Channels);
        CollectionAssert.AreEqual(new byte[] { 200, 0, 50, 128, 10, 0, 30, 255 }, image.Pixels);
    }

    [TestMethod]
    public void ConvertToImageInfersGrayAlphaFromTwoPlanes()
    {
        var ctx = new GanContext();
        var pipeline = ctx.Transforms.ExtractPixels("Pixels", "Photo", ColorBits.Gray | ColorBits.Alpha)
            .Append(ctx.Transforms.ConvertToImage(1, 2, "Back", "Pixels"));
        var image = pipeline.Fit(OneImage()).Transform(OneImage()).GetColumn<MLImage>("Back").Single();
        Assert.AreEqual(2, image.Channels);
        CollectionAssert.AreEqual(MLImage.CreateFromPixels(2, 1, 4, s_rgba).WithChannels(2).Pixels, image.Pixels);
    }

    [TestMethod]
    public void ConvertToImageWithColoursRejectsAVectorOfAnotherPlaneCount()
    {
        var ctx = new GanContext();
        var gray = ctx.Transforms.ExtractPixels("Pixels", "Photo", ColorBits.Gray).Fit(OneImage()).Transform(OneImage());
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => ctx.Transforms.ConvertToImage(1, 2, "Back", "Pixels", ColorBits.Rgb).GetOutputSchema(gray.Schema));
        StringAssert.Contains(e.Message, "'Pixels'");
        StringAssert.Contains(e.Message, "3 x 1 x 2 = 6 values");
        StringAssert.Contains(e.Message, "Vector<Single, 1, 1, 2>");
    }

    [TestMethod]
    public void CombinationsWithoutMeaningAreRejected()
    {
        var ctx = new GanContext();
        var gray = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Transforms.ExtractPixels("P", "Photo", ColorBits.Gray | ColorBits.Red));
        StringAssert.Contains(gray.Message, "Gray cannot be combined");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Transforms.ExtractPixels("P", "Photo", (ColorBits)0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Transforms.ConvertToImage(1, 2, "B", "P", (ColorBits)0x20));
    }

    [TestMethod]
    public void FlagCombinationsSurviveSaveAndLoad()
    {
        var ctx = new GanContext(1);
        var t = EstimatorChecks.Run(ctx.Transforms.ExtractPixels("Pixels", "Photo", ColorBits.Green | ColorBits.Alpha), OneImage(), context: ctx);
        Assert.AreEqual(ColorBits.Green | ColorBits.Alpha, t.ColorsToExtract);
        Assert.AreEqual(2, t.Channels);
        var pixels = t.Transform(OneImage());
        EstimatorChecks.Run(ctx.Transforms.ConvertToImage(1, 2, "Back", "Pixels", ColorBits.Green | ColorBits.Alpha), pixels, context: ctx);
    }
}
