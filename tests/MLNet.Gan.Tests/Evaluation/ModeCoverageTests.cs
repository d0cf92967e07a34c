// The mode-coverage benchmarks: real mixture samples cover every mode with the share of high-quality points the
// 2-D Gaussian predicts (1 − e^(−9/2) within 3 std), a collapsed generator covers one mode, and `mlnet-gan toy` writes its
// scatter PNG and JSON from a short run.
using System.Text.Json;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Tests.Cli;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Evaluation;

[TestClass]
public sealed class ModeCoverageTests
{
    [ClassInitialize]
    public static void LoadTorch(TestContext _) => Runtime.TorchRuntime.EnsureLoaded();

    [TestMethod]
    [DataRow("ring8", 8)]
    [DataRow("grid25", 25)]
    public void RealSamplesCoverEveryModeWithTheExpectedHighQualityShare(string name, int modes)
    {
        var mixture = GaussianMixture.Named(name);
        using var points = mixture.Sample(5000, seed: 1);
        var score = mixture.Score(points);
        Assert.AreEqual(modes, score.Modes);
        Assert.AreEqual(modes, score.ModesCovered);
        Assert.AreEqual(40, score.MinimumPerMode, "20 per 2,500 points");
        var expected = 1 - Math.Exp(-4.5); // P(|N(0, σ²I₂)| < 3σ) = 0.9889
        Assert.AreEqual(expected, score.HighQualityShare, 4 * Math.Sqrt(expected * (1 - expected) / 5000));
        Assert.AreEqual(score.PerMode.Sum(), (int)Math.Round(score.HighQualityShare * 5000));
    }

    [TestMethod]
    public void ACollapsedGeneratorCoversOneModeAndPointsBetweenModesAreLowQuality()
    {
        var ring = GaussianMixture.Ring8();
        using var scope = NewDisposeScope();
        var collapsed = tensor(new float[] { 2.01f, -0.01f }).expand(500, 2); // all near the mode at (2, 0)
        var score = ring.Score(collapsed);
        Assert.AreEqual(1, score.ModesCovered);
        Assert.AreEqual(1.0, score.HighQualityShare);
        Assert.AreEqual(500, score.PerMode[0]);

        var between = ring.Score(zeros(500, 2)); // the centre of the ring, 2 away from every mode
        Assert.AreEqual(0, between.ModesCovered);
        Assert.AreEqual(0.0, between.HighQualityShare);
    }

    [TestMethod]
    public void UnknownMixtureIsNamed()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => GaussianMixture.Named("ring9"));
        Assert.Contains("ring9", e.Message);
        Assert.Contains("ring8 or grid25", e.Message);
    }

    [TestMethod]
    public void ToyCommandWritesTheScatterAndTheScores()
    {
        using var folder = new TempFolder();
        var run = CliHarness.Ok("toy", "--mixture", "grid25", "--loss", "minimax", "--steps", "3", "--batch-size", "32", "--samples", "250", "--device", "cpu", "--out", folder.Path);
        var json = Path.Combine(folder.Path, "grid25-minimax.json");
        var png = Path.Combine(folder.Path, "grid25-minimax.png");
        Assert.Contains($"scatter             {png}", run.Output);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var root = report.RootElement;
        Assert.AreEqual("Minimax", root.GetProperty("loss").GetString());
        Assert.AreEqual(3, root.GetProperty("steps").GetInt32());
        Assert.AreEqual(250, root.GetProperty("n").GetInt32());
        Assert.AreEqual(25, root.GetProperty("modes").GetInt32());
        Assert.AreEqual(25, root.GetProperty("per_mode").GetArrayLength());
        Assert.Contains($"modes covered       {root.GetProperty("modes_covered").GetInt32()} / 25", run.Output);

        using var image = Microsoft.ML.Data.MLImage.CreateFromFile(png);
        Assert.AreEqual(640, image.Width);
        var pixels = image.Pixels.ToArray();
        var order = MLNet.Gan.Imaging.ChannelOrder.Of(image.PixelFormat);
        bool Has(byte r, byte g, byte b) => Enumerable.Range(0, pixels.Length / 4).Any(i =>
            pixels[(4 * i) + order.R] == r && pixels[(4 * i) + order.G] == g && pixels[(4 * i) + order.B] == b);
        Assert.IsTrue(Has(31, 119, 180), "real points drawn in blue");
        Assert.IsTrue(Has(214, 39, 40), "generated points drawn in red");
    }

    [TestMethod]
    public void ToyCommandTakesTheNetworkSizeAndSpectralNorm()
    {
        using var folder = new TempFolder();
        var run = CliHarness.Ok("toy", "--loss", "non-saturating", "--spectral-norm", "--latent-size", "3", "--width", "2", "--steps", "2", "--batch-size", "16",
            "--samples", "50", "--device", "cpu", "--out", folder.Path);
        var json = Path.Combine(folder.Path, "ring8-non-saturating-sn.json");
        Assert.Contains($"scatter             {Path.Combine(folder.Path, "ring8-non-saturating-sn.png")}", run.Output);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var root = report.RootElement;
        Assert.IsTrue(root.GetProperty("spectral_norm").GetBoolean());
        Assert.AreEqual(3, root.GetProperty("latent_size").GetInt32());
        Assert.AreEqual(2, root.GetProperty("width").GetInt32());
        CliBadInputTests.AssertBadInput(["toy", "--width", "0"], "--width", "0");
    }

    [TestMethod]
    public void UnknownLossOrMixtureIsBadInput()
    {
        CliBadInputTests.AssertBadInput(["toy", "--loss", "sideways"], "--loss", "sideways", "non-saturating");
        CliBadInputTests.AssertBadInput(["toy", "--mixture", "ring9"], "--mixture", "ring9");
    }
}
