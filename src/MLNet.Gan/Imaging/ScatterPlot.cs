// Draws real and generated 2-D points side by side in one square chart (real in blue, generated in red, mode means
// as black crosses) as a PNG: the picture of the mode-coverage benchmarks. All of its drawing lives in this file.
namespace MLNet.Gan.Imaging;

/// <summary>A scatter chart of real against generated 2-D points.</summary>
public static class ScatterPlot
{
    private static readonly Rgb Background = new(255, 255, 255);
    private static readonly Rgb Ink = new(30, 30, 30);
    private static readonly Rgb Grid = new(230, 230, 230);
    private static readonly Rgb Frame = new(120, 120, 120);
    private static readonly Rgb RealColor = new(31, 119, 180);
    private static readonly Rgb GeneratedColor = new(214, 39, 40);

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
        var canvas = new RasterCanvas(size, size + 30, Background);
        var titleScale = RasterCanvas.TextWidth(title, 2) <= size - 8 ? 2 : 1;
        canvas.Text(Math.Max(4, (size - RasterCanvas.TextWidth(title, titleScale)) / 2), 8, title, Ink, titleScale);
        var plot = new PixelRect(50, 40, size - 16, size - 26); // square-ish area below the title
        var side = Math.Min(plot.Width, plot.Height);
        plot = new PixelRect(plot.Left, plot.Top, plot.Left + side, plot.Top + side);

        int X(double v) => plot.Left + (int)Math.Round((v + extent) / (2 * extent) * (side - 1));
        int Y(double v) => plot.Bottom - 1 - (int)Math.Round((v + extent) / (2 * extent) * (side - 1));

        var ticks = AxisTicks.Nice(-extent, extent, 6).Where(t => Math.Abs(t) <= extent + 1e-9).ToArray();
        foreach (var t in ticks)
        {
            var label = AxisTicks.Format(t, ticks);
            canvas.Line(X(t), plot.Top, X(t), plot.Bottom - 1, Grid, 1, plot);
            canvas.Line(plot.Left, Y(t), plot.Right - 1, Y(t), Grid, 1, plot);
            canvas.Text(X(t) - (RasterCanvas.TextWidth(label) / 2), plot.Bottom + 5, label, Ink);
            canvas.Text(plot.Left - 6 - RasterCanvas.TextWidth(label), Y(t) - 3, label, Ink);
        }

        foreach (var (x, y) in real)
        {
            Dot(canvas, X(x), Y(y), RealColor, plot);
        }

        foreach (var (x, y) in generated)
        {
            Dot(canvas, X(x), Y(y), GeneratedColor, plot);
        }

        foreach (var (x, y) in modes)
        {
            canvas.Line(X(x) - 4, Y(y), X(x) + 4, Y(y), Ink, 1, plot);
            canvas.Line(X(x), Y(y) - 4, X(x), Y(y) + 4, Ink, 1, plot);
        }

        canvas.StrokeRect(plot, Frame);
        var legendTop = plot.Bottom + 18;
        canvas.FillRect(new PixelRect(plot.Left, legendTop, plot.Left + 8, legendTop + 8), RealColor);
        canvas.Text(plot.Left + 12, legendTop, $"real ({real.Count})", Ink);
        var second = plot.Left + 24 + RasterCanvas.TextWidth($"real ({real.Count})");
        canvas.FillRect(new PixelRect(second, legendTop, second + 8, legendTop + 8), GeneratedColor);
        canvas.Text(second + 12, legendTop, $"generated ({generated.Count})   + mode means", Ink);
        canvas.SavePng(path);
    }

    // A 2x2 dot, clipped to the plot.
    private static void Dot(RasterCanvas canvas, int x, int y, Rgb color, PixelRect clip)
    {
        for (var dx = 0; dx < 2; dx++)
        {
            for (var dy = 0; dy < 2; dy++)
            {
                canvas.Plot(x + dx, y + dy, color, clip);
            }
        }
    }
}
