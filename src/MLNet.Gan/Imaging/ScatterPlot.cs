// Draws real and generated 2-D points in one square ScottPlot chart (real in blue, generated in red, mode means as
// black crosses) and writes it as PNG: the picture of the mode-coverage benchmarks.
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
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 240);
        PlotImages.Save(path, PlotImages.Png(Create(real, generated, modes, extent, title), size, size));
    }

    /// <summary>Builds the chart, for further styling or rendering.</summary>
    /// <param name="real">Real points (x, y).</param>
    /// <param name="generated">Generated points (x, y).</param>
    /// <param name="modes">Mode means, drawn as crosses.</param>
    /// <param name="extent">Half the side of the square shown, in data units.</param>
    /// <param name="title">The title line.</param>
    public static Plot Create(IReadOnlyList<(double X, double Y)> real, IReadOnlyList<(double X, double Y)> generated,
        IReadOnlyList<(double X, double Y)> modes, double extent, string title)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(modes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(extent);
        var plot = new Plot();
        plot.Title(title, size: 14);
        AddPoints(plot, real, LossCurvePlot.DiscriminatorColor, $"real ({real.Count})");
        AddPoints(plot, generated, LossCurvePlot.GeneratorColor, $"generated ({generated.Count})");
        if (modes.Count > 0)
        {
            var means = plot.Add.ScatterPoints(modes.Select(m => m.X).ToArray(), modes.Select(m => m.Y).ToArray(), Colors.Black);
            means.MarkerShape = MarkerShape.Cross;
            means.MarkerSize = 12;
            means.LegendText = "mode means";
        }

        plot.Axes.SetLimits(-extent, extent, -extent, extent);
        plot.Axes.SquareUnits();
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static void AddPoints(Plot plot, IReadOnlyList<(double X, double Y)> points, Color color, string label)
    {
        if (points.Count == 0)
        {
            return;
        }

        var scatter = plot.Add.ScatterPoints(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), color);
        scatter.MarkerSize = 3;
        scatter.LegendText = label;
    }
}
