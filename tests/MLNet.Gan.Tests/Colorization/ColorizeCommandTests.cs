// `mlnet-gan colorize train|apply|evaluate` on tiny data (the files they write, the files they skip, counted and
// named, inputs of any size, one-line errors) and the evaluation's metrics (PSNR, SSIM, colorfulness) on known cases.
using Microsoft.ML.Data;
using MLNet.Gan.Colorization;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Imaging;
using MLNet.Gan.Tests.Cli;

namespace MLNet.Gan.Tests.Colorization;

[TestClass]
public sealed class ColorizeCliTests
{
    private static readonly string[] Tiny = ["--image-size", "32", "--width", "8", "--batch-size", "4", "--seed", "1"];

    [TestMethod]
    public void TrainWritesModelSamplesAndCurveAndApplyColorizesFilesOfAnySize()
    {
        using var folder = new TempFolder();
        var data = ColorizerFixtures.WriteShapes(Path.Combine(folder.Path, "data"), count: 10);
        using (var small = ColorizerFixtures.RandomImage(8, 8, 1))
        {
            small.Save(Path.Combine(data, "small.png"));
        }

        File.WriteAllText(Path.Combine(data, "broken.png"), "not a png");
        var outDir = Path.Combine(folder.Path, "run");
        var train = CliHarness.Ok(["colorize", "train", "--data", data, "--steps", "3", "--out", outDir, .. Tiny]);
        StringAssert.Contains(train.Output, "skipped 2 file(s)");
        StringAssert.Contains(train.Output, "small.png (8x8 pixels is smaller than the 32x32 needed)");
        StringAssert.Contains(train.Output, "broken.png (not an image: ");
        StringAssert.Contains(train.Output, "on 10 images");
        StringAssert.Contains(train.Output, "done: 3 steps");
        var model = Path.Combine(outDir, "model.zip");
        Assert.AreEqual(3, ColorizerTransformer.Load(new Microsoft.ML.MLContext(), model).Info.Steps);
        Assert.IsTrue(CliHarness.SizeOf(Path.Combine(outDir, "loss_curve.png")).Width >= 300);
        var (sw, sh) = CliHarness.SizeOf(Path.Combine(outDir, "samples.png"));
        Assert.IsTrue(sw > 10 * 32 * 2 && sh > 3 * 32 * 2, $"samples.png is {sw}x{sh}: 3 rows of 10 images at scale 2");

        // apply: a folder with a gray, a color and a transparent image of other sizes, and one that does not decode
        var input = Path.Combine(folder.Path, "in");
        Directory.CreateDirectory(Path.Combine(input, "sub"));
        using (var gray = ColorizerFixtures.RandomImage(50, 30, 2, gray: true))
        using (var color = ColorizerFixtures.RandomImage(33, 33, 3))
        using (var clear = Microsoft.ML.Data.MLImage.CreateFromPixels(20, 10, Microsoft.ML.Data.MLPixelFormat.Bgra32, new byte[20 * 10 * 4]))
        {
            gray.Save(Path.Combine(input, "gray.png"));
            color.Save(Path.Combine(input, "sub", "color.png"));
            clear.Save(Path.Combine(input, "clear.png"));
        }

        File.WriteAllText(Path.Combine(input, "bad.png"), "not a png");
        var output = Path.Combine(folder.Path, "out");
        var apply = CliHarness.Ok("colorize", "apply", "--model", model, input, output);
        StringAssert.Contains(apply.Output, "colorized 3 image(s)");
        StringAssert.Contains(apply.Error, "skipped 1 file(s): bad.png (not an image: ");
        Assert.AreEqual((50, 30), CliHarness.SizeOf(Path.Combine(output, "gray.png")));
        Assert.AreEqual((33, 33), CliHarness.SizeOf(Path.Combine(output, "sub", "color.png")));
        Assert.AreEqual((20, 10), CliHarness.SizeOf(Path.Combine(output, "clear.png")));

        var single = Path.Combine(folder.Path, "one.png");
        CliHarness.Ok("colorize", "apply", "--model", model, Path.Combine(input, "gray.png"), single);
        Assert.AreEqual((50, 30), CliHarness.SizeOf(single));
    }

    [TestMethod]
    public void EvaluateScoresGanL1OnlyAndGrayOnHeldOutImagesAndWritesTheComparison()
    {
        using var folder = new TempFolder();
        var data = ColorizerFixtures.WriteShapes(Path.Combine(folder.Path, "data"), count: 14);
        var outDir = Path.Combine(folder.Path, "eval");
        var run = CliHarness.Ok(["colorize", "evaluate", "--data", data, "--steps", "2", "--held-out", "4", "--out", outDir, .. Tiny]);
        StringAssert.Contains(run.Output, "held-out images: 4; training images: 10");
        var table = File.ReadAllText(Path.Combine(outDir, "results.md"));
        foreach (var method in new[] { "| gray input |", "| U-Net, L1 only |", "| pix2pix GAN (U-Net + PatchGAN + L1) |", "| true colors | ∞ | 1.000 |" })
        {
            StringAssert.Contains(table, method);
        }

        StringAssert.Contains(table, "| gray input |");
        Assert.IsTrue(table.Split('\n').Single(l => l.StartsWith("| gray input", StringComparison.Ordinal)).TrimEnd().EndsWith("| 0.0 |", StringComparison.Ordinal),
            "gray input has colorfulness 0");
        var (w, h) = CliHarness.SizeOf(Path.Combine(outDir, "comparison.png"));
        Assert.IsTrue(w > 4 * 32 && h > 4 * 32, $"comparison.png is {w}x{h}: 4 rows of 4 held-out images");
        Assert.IsTrue(File.Exists(Path.Combine(outDir, "gan.zip")) && File.Exists(Path.Combine(outDir, "l1.zip")));
    }

    [TestMethod]
    public void BadInputGivesOneErrorLineAndExitCode2()
    {
        using var folder = new TempFolder();
        var noModel = CliHarness.Run("colorize", "apply", folder.Path, Path.Combine(folder.Path, "out"));
        Assert.AreEqual(2, noModel.Code, noModel.All);
        StringAssert.Contains(noModel.Error, "--model is required");

        var gan = Path.Combine(AppContext.BaseDirectory, "Gan", "Fixtures", "dcgan32-rgb.zip");
        var notColorizer = CliHarness.Run("colorize", "apply", "--model", gan, folder.Path, Path.Combine(folder.Path, "out"));
        Assert.AreEqual(2, notColorizer.Code, notColorizer.All);
        StringAssert.Contains(notColorizer.Error, "is not a colorizer model file");

        var noData = CliHarness.Run("colorize", "train", "--data", Path.Combine(folder.Path, "missing"), "--steps", "1");
        Assert.AreEqual(2, noData.Code, noData.All);
        StringAssert.Contains(noData.Error, "--data: folder not found");

        var badSize = CliHarness.Run("colorize", "train", "--image-size", "40", "--steps", "1");
        Assert.AreEqual(2, badSize.Code, badSize.All);
        StringAssert.Contains(badSize.Error, "ImageSize must be a multiple of 2^UNetDepth = 32");
        Assert.AreEqual(1, badSize.Error.Trim().Split('\n').Length, badSize.Error);
    }
}

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
