// PSNR, SSIM and colorfulness on cases whose values are known by hand.
using Microsoft.ML.Data;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Imaging;

namespace MLNet.Gan.Tests.Colorization;

[TestClass]
public sealed class ColorMetricsTests
{
    [TestMethod]
    public void PsnrIsInfiniteForIdenticalImagesAndFollowsTheMeanSquaredError()
    {
        using var a = ColorizerFixtures.RandomImage(16, 12, 1);
        using var copy = MLImage.CreateFromPixels(16, 12, a.PixelFormat, a.Pixels.ToArray());
        Assert.IsTrue(double.IsPositiveInfinity(ColorMetrics.Psnr(a, copy)));

        using var black = Pixels.Gray(8, 8, 0);
        using var white = Pixels.Gray(8, 8, 255);
        Assert.AreEqual(0, ColorMetrics.Psnr(black, white), 1e-9, "MSE 255² is 0 dB");
        using var one = Pixels.Gray(8, 8, 1);
        Assert.AreEqual(10 * Math.Log10(255.0 * 255.0), ColorMetrics.Psnr(black, one), 1e-6, "MSE 1 is 48.13 dB");
    }

    [TestMethod]
    public void SsimIsOneForIdenticalImagesAndLowerForNoise()
    {
        using var a = ColorizerFixtures.RandomImage(24, 20, 2);
        using var copy = MLImage.CreateFromPixels(24, 20, a.PixelFormat, a.Pixels.ToArray());
        Assert.AreEqual(1.0, ColorMetrics.Ssim(a, copy), 1e-12);
        using var b = ColorizerFixtures.RandomImage(24, 20, 3);
        var unrelated = ColorMetrics.Ssim(a, b);
        Assert.IsTrue(Math.Abs(unrelated) < 0.1, $"independent noise images: SSIM {unrelated}");
        using var small = ColorizerFixtures.RandomImage(5, 4, 4);
        Assert.AreEqual(1.0, ColorMetrics.Ssim(small, small), 1e-12, "images under 11 px use one window of their size");
    }

    [TestMethod]
    public void ColorfulnessIsZeroForGrayAndMatchesTheFormulaForRedAndGreen()
    {
        using var gray = ColorizerFixtures.RandomImage(10, 10, 5, gray: true);
        Assert.AreEqual(0, ColorMetrics.Colorfulness(gray), 1e-12);

        // half red, half green: rg = ±255 (mean 0, std 255), yb = 127.5 everywhere: M = 255 + 0.3 · 127.5
        var rgb = new byte[2 * 3];
        (rgb[0], rgb[4]) = (255, 255);
        using var redGreen = ImagePixels.FromRgb(rgb, 2, 1);
        Assert.AreEqual(255 + (0.3 * 127.5), ColorMetrics.Colorfulness(redGreen), 1e-9);
    }

    [TestMethod]
    public void ImagesOfDifferentSizesAreRefusedWithBothSizes()
    {
        using var a = Pixels.Gray(8, 8, 0);
        using var b = Pixels.Gray(8, 9, 0);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ColorMetrics.Psnr(a, b));
        StringAssert.Contains(e.Message, "8x8 but the reference is 8x9");
    }
}
