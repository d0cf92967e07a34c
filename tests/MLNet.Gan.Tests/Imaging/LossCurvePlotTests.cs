// The ScottPlot loss-curve chart decodes to the requested size, shows both series' colours in both panels, draws a
// rising series higher on the right, survives an empty history, and smooths with a trailing moving average.
using Microsoft.ML.Data;
using MLNet.Gan.Imaging;
using MLNet.Gan.Training;

namespace MLNet.Gan.Tests.Imaging;

[TestClass]
public sealed class LossCurvePlotTests
{
    private static TrainingHistory History(int steps)
    {
        var h = new TrainingHistory { Steps = steps, Epochs = 2, Elapsed = TimeSpan.FromSeconds(12) };
        var random = new Random(3);
        for (var i = 0; i < steps; i++)
        {
            h.DiscriminatorLoss.Add((float)(1.4 * Math.Exp(-i / 80.0) + 0.3 + (random.NextDouble() * 0.2)));
            h.GeneratorLoss.Add((float)(0.7 + (i / 200.0) + (random.NextDouble() * 0.3)));
            h.MeanDReal.Add((float)(0.5 + (0.3 * i / steps)));
            h.MeanDFake.Add((float)(0.5 - (0.3 * i / steps)));
        }

        return h;
    }

    private static int CountColour(MLImage image, ScottPlot.Color colour, int top, int bottom)
    {
        var count = 0;
        for (var y = top; y < bottom; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b, _) = ImagePixels.Get(image, x, y);
                if (Math.Abs(r - colour.R) <= 8 && Math.Abs(g - colour.G) <= 8 && Math.Abs(b - colour.B) <= 8)
                {
                    count++;
                }
            }
        }

        return count;
    }

    [TestMethod]
    public void ChartDecodesAtItsSizeWithBothSeriesInBothPanels()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "curves", "loss.png");
        LossCurvePlot.Write(path, History(400));
        CollectionAssert.AreEqual(new[] { "loss.png" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).ToArray());
        using var image = MLImage.CreateFromFile(path);
        Assert.AreEqual(800, image.Width);
        Assert.AreEqual(500, image.Height);
        var half = image.Height / 2;
        Assert.IsGreaterThan(300, CountColour(image, LossCurvePlot.DiscriminatorColor, 0, half), "D loss line in the upper panel");
        Assert.IsGreaterThan(300, CountColour(image, LossCurvePlot.GeneratorColor, 0, half), "G loss line in the upper panel");
        Assert.IsGreaterThan(300, CountColour(image, LossCurvePlot.DiscriminatorColor, half, image.Height), "D(x) line in the lower panel");
        Assert.IsGreaterThan(300, CountColour(image, LossCurvePlot.GeneratorColor, half, image.Height), "D(G(z)) line in the lower panel");
    }

    [TestMethod]
    public void RisingSeriesIsDrawnHigherOnTheRight()
    {
        // D(x) rises from 0.5 to 0.8: its colour's topmost pixel near the right edge of the lower panel lies above the one near the left edge.
        using var folder = new TempFolder();
        var path = folder.File("rising.png");
        LossCurvePlot.Write(path, History(400));
        using var image = MLImage.CreateFromFile(path);
        int Topmost(int x0, int x1)
        {
            for (var y = image.Height / 2; y < image.Height; y++)
            {
                for (var x = x0; x < x1; x++)
                {
                    var (r, g, b, _) = ImagePixels.Get(image, x, y);
                    if ((r, g, b) == (LossCurvePlot.DiscriminatorColor.R, LossCurvePlot.DiscriminatorColor.G, LossCurvePlot.DiscriminatorColor.B))
                    {
                        return y;
                    }
                }
            }

            return int.MaxValue;
        }

        // The data area starts right of the y-axis labels (about 70 px in) and ends near the right edge.
        var left = Topmost(80, 140);
        var right = Topmost(image.Width - 120, image.Width - 40);
        Assert.IsLessThan(image.Height, left, "D(x) is drawn near the left");
        Assert.IsLessThan(left - 30, right, $"right {right} should be well above left {left}");
    }

    [TestMethod]
    public void EmptyHistoryStillGivesAChart()
    {
        using var folder = new TempFolder();
        var path = folder.File("empty.png");
        LossCurvePlot.Write(path, new TrainingHistory(), 640, 400);
        using var image = MLImage.CreateFromFile(path);
        Assert.AreEqual(640, image.Width);
        Assert.AreEqual(400, image.Height);
        Assert.IsGreaterThan(50, CountColour(image, ScottPlot.Colors.Black, 0, image.Height), "title and 'no training steps' text are drawn");
        Assert.AreEqual(0, CountColour(image, LossCurvePlot.DiscriminatorColor, 0, image.Height), "no series without steps");
    }

    [TestMethod]
    public void MovingAverageMatchesHandComputation()
    {
        var smoothed = LossCurvePlot.MovingAverage(new float[] { 1, 2, 3, 4, float.NaN, 6 }, 2);
        Assert.AreEqual(1f, smoothed[0]);
        Assert.AreEqual(1.5f, smoothed[1]);
        Assert.AreEqual(2.5f, smoothed[2]);
        Assert.AreEqual(3.5f, smoothed[3]);
        Assert.IsTrue(float.IsNaN(smoothed[4]));
        Assert.AreEqual(6f, smoothed[5]); // window {NaN, 6}: only 6 is finite
    }

    [TestMethod]
    public void TooSmallChartIsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => LossCurvePlot.RenderPng(new TrainingHistory(), 100, 100));
        Assert.Contains("100x100", e.Message);
    }
}
