// Draws real and generated 2-D points side by side in one square ScottPlot chart (real in blue, generated in red, mode
// means as black crosses) as a PNG: the picture of the mode-coverage benchmarks.
using ScottPlot;

namespace MLNet.Gan.Imaging;

/// <summary>A scatter chart of real against generated 2-D points.</summary>
public static class ScatterPlot
{
    /// <summary>
    /// Writes a <paramref name="size"/>-pixel square chart of <paramref name="real"/> and <paramref name="generated"/> points
    /// over [-extent, extent]² to <paramref name="path"/> (.png, written atomically).
    /// </summary>
    /// <param name="path">Target PNG file.</param>
    /// <param name="real">Real points (x, y).</param>
    /// <param name="generated">Generated points (x, y).</param>
    /// <param name="modes">Mode means, drawn as crosses.</param>
    /// <param name="extent">Half the side of the square shown, in data units.</param>
    /// <param name="title">The title line.</param>
    /// <param name="size">Side of the chart in pixels, at least 240.</param>
    public static void Write(string path, IReadOnlyList<(double X, double Y)> real, IReadOnlyList<(double X, double Y)> generated,
        IReadOnlyList<(double X, double Y)> modes, double extent, string title, int size = 640)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(modes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(extent);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 240);

        var plot = new Plot();
        plot.Title(title, size: 14);
        AddPoints(plot, real, $"real ({real.Count})", LossCurvePlot.DiscriminatorColor, MarkerShape.FilledCircle);
        AddPoints(plot, generated, $"generated ({generated.Count})", LossCurvePlot.GeneratorColor, MarkerShape.FilledCircle);
        AddPoints(plot, modes, "mode means", Colors.Black, MarkerShape.Cross, markerSize: 10);
        plot.Axes.SetLimits(-extent, extent, -extent, extent);
        plot.Legend.Alignment = Alignment.LowerRight;
        PlotImages.Save(plot, path, size, size);
    }

    // One series as markers only; an empty one still gets its legend entry.
    private static void AddPoints(Plot plot, IReadOnlyList<(double X, double Y)> points, string label, Color color, MarkerShape shape, float markerSize = 3)
    {
        var scatter = plot.Add.ScatterPoints(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), color);
        scatter.MarkerShape = shape;
        scatter.MarkerSize = markerSize;
        scatter.LegendText = label;
    }
}
