// Resizing on patterns whose results are worked out by hand: box averages, bilinear ramps, crops, pads.
namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class ImageResizeTests
{
    private static MLImage Gray(int width, int height, params int[] values) =>
        MLImage.CreateFromPixels(width, height, 1, values.Select(v => (byte)v).ToArray());

    private static int[] Values(MLImage image) => image.Pixels.Select(b => (int)b).ToArray();

    [TestMethod]
    public void HalvingAveragesEachTwoByTwoBlock()
    {
        var image = Gray(4, 4,
            0, 10, 20, 30,
            40, 50, 60, 70,
            80, 90, 100, 110,
            120, 130, 140, 150);
        var small = image.Resize(2, 2);
        // (0+10+40+50)/4 = 25, (20+30+60+70)/4 = 45, (80+90+120+130)/4 = 105, (100+110+140+150)/4 = 125
        CollectionAssert.AreEqual(new[] { 25, 45, 105, 125 }, Values(small));
    }

    [TestMethod]
    public void ShrinkingByOneAndAHalfWeighsPartlyCoveredPixels()
    {
        // Output 0 covers [0, 1.5): (0 + 0.5*90) / 1.5 = 30; output 1 covers [1.5, 3): (0.5*90 + 180) / 1.5 = 150.
        var small = Gray(3, 1, 0, 90, 180).Resize(2, 1);
        CollectionAssert.AreEqual(new[] { 30, 150 }, Values(small));
    }

    [TestMethod]
    public void DoublingInterpolatesBetweenPixelCentres()
    {
        // Output centres map to source -0.25, 0.25, 0.75, 1.25, clamped to [0, 1].
        var big = Gray(2, 1, 0, 100).Resize(4, 1);
        CollectionAssert.AreEqual(new[] { 0, 25, 75, 100 }, Values(big));
    }

    [TestMethod]
    public void SameSizeIsAnExactCopy()
    {
        var image = Gray(3, 2, 1, 2, 3, 4, 5, 6);
        var same = image.Resize(3, 2, ImageResizingEstimator.ResizingKind.IsoCrop);
        CollectionAssert.AreEqual(image.Pixels, same.Pixels);
        Assert.AreNotSame(image.Pixels, same.Pixels);
    }

    [TestMethod]
    public void ConstantImagesStayConstantAtAnySize()
    {
        var image = MLImage.CreateFromPixels(7, 5, 3, Enumerable.Repeat(new byte[] { 200, 17, 99 }, 35).SelectMany(p => p).ToArray());
        foreach (var (w, h) in new[] { (3, 11), (20, 2), (1, 1), (7, 5) })
        {
            var resized = image.Resize(w, h);
            Assert.AreEqual((w, h, 3), (resized.Width, resized.Height, resized.Channels));
            for (var i = 0; i < resized.Pixels.Length; i += 3)
            {
                CollectionAssert.AreEqual(new byte[] { 200, 17, 99 }, resized.Pixels[i..(i + 3)], $"{w}x{h} pixel {i / 3}");
            }
        }
    }

    [TestMethod]
    public void IsoCropKeepsTheAnchoredSquareOfAWideImage()
    {
        var wide = Gray(4, 2,
            1, 2, 3, 4,
            5, 6, 7, 8);
        CollectionAssert.AreEqual(new[] { 2, 3, 6, 7 }, Values(wide.Resize(2, 2, ImageResizingEstimator.ResizingKind.IsoCrop)));
        CollectionAssert.AreEqual(new[] { 1, 2, 5, 6 }, Values(wide.Resize(2, 2, ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Left)));
        CollectionAssert.AreEqual(new[] { 3, 4, 7, 8 }, Values(wide.Resize(2, 2, ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Right)));
    }

    [TestMethod]
    public void IsoCropOfATallImageCropsRows()
    {
        var tall = Gray(1, 4, 10, 20, 30, 40);
        CollectionAssert.AreEqual(new[] { 20, 30 }, Values(tall.Resize(1, 2, ImageResizingEstimator.ResizingKind.IsoCrop)));
        CollectionAssert.AreEqual(new[] { 10, 20 }, Values(tall.Resize(1, 2, ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Top)));
        CollectionAssert.AreEqual(new[] { 30, 40 }, Values(tall.Resize(1, 2, ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Bottom)));
    }

    [TestMethod]
    public void IsoPadCentresTheWholeImageAndPadsWithZero()
    {
        var wide = Gray(4, 2,
            1, 2, 3, 4,
            5, 6, 7, 8);
        var padded = wide.Resize(4, 4, ImageResizingEstimator.ResizingKind.IsoPad);
        CollectionAssert.AreEqual(new[] { 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0 }, Values(padded));
        var top = wide.Resize(4, 4, ImageResizingEstimator.ResizingKind.IsoPad, ImageResizingEstimator.Anchor.Top);
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0 }, Values(top));
    }

    [TestMethod]
    public void FillStretchesEachAxisOnItsOwn()
    {
        // Width halves (box), height doubles (bilinear): rows [0,100] and [200, 40] -> columns averaged to 50 and 120,
        // then four rows at source centres -0.25, 0.25, 0.75, 1.25: 50, 67.5, 102.5, 120.
        var image = Gray(2, 2, 0, 100, 200, 40);
        CollectionAssert.AreEqual(new[] { 50, 68, 103, 120 }, Values(image.Resize(1, 4, ImageResizingEstimator.ResizingKind.Fill)));
    }

    [TestMethod]
    public void ChannelsAreResizedIndependently()
    {
        var rgb = MLImage.CreateFromPixels(2, 1, 3, new byte[] { 0, 255, 10, 100, 55, 30 });
        var small = rgb.Resize(1, 1);
        CollectionAssert.AreEqual(new byte[] { 50, 155, 20 }, small.Pixels);
    }

    [TestMethod]
    [DataRow("area_4x5", 5, 4)]
    [DataRow("area_11x3", 3, 11)]
    [DataRow("bilinear_23x29", 29, 23)]
    public void ResizeRoundsTheReferenceFilterExactly(string name, int width, int height)
    {
        // References: numpy area integration (shrinking) and torch bilinear interpolation, align_corners=False (enlarging).
        var refs = Torch.Safetensors.Load(ImageFixtures.File("resize_expected.safetensors"));
        try
        {
            var source = refs["source"];
            var image = MLImage.CreateFromPixels((int)source.Size(1), (int)source.Size(0), 3, source.ToArray<byte>());
            var expected = refs[name].ToArray<float>();
            var resized = image.Resize(width, height, ImageResizingEstimator.ResizingKind.Fill);
            Assert.HasCount(expected.Length, resized.Pixels);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], resized.Pixels[i], 0.5 + 1e-3, $"item {i}: reference {expected[i]}, resized {resized.Pixels[i]}");
            }
        }
        finally
        {
            foreach (var t in refs.Values)
            {
                t.Dispose();
            }
        }
    }

    [TestMethod]
    public void NonPositiveTargetSizeIsRejected()
    {
        var image = Gray(2, 2, 0, 0, 0, 0);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => image.Resize(0, 4));
    }
}
