// Draws the training curves of a GAN run as a PNG: D and G losses (faint per step, bold moving average) in the
// top panel, mean D(x) and D(G(z)) in the bottom one, over a shared step axis with ticks, legends and a title.
using System.Globalization;
using MLNet.Gan.Training;

namespace MLNet.Gan.Imaging;

/// <summary>Writes a loss-curve chart of a <see cref="TrainingHistory"/> as a PNG file.</summary>
public static class LossCurvePlot
{
    /// <summary>Colour of the discriminator loss and of D(x).</summary>
    public static readonly Rgb DiscriminatorColor = new(31, 119, 180);

    /// <summary>Colour of the generator loss and of D(G(z)).</summary>
    public static readonly Rgb GeneratorColor = new(214, 39, 40);

    private static readonly Rgb Background = new(255, 255, 255);
    private static readonly Rgb Ink = new(30, 30, 30);
    private static readonly Rgb Grid = new(225, 225, 225);
    private static readonly Rgb Frame = new(120, 120, 120);

    private const int MarginLeft = 64;
    private const int MarginRight = 20;

    /// <summary>Draws <paramref name="history"/> into a <paramref name="width"/> x <paramref name="height"/> PNG at <paramref name="path"/>, written atomically.</summary>
    /// <param name="path">Target file, ending in .png; missing folders are created.</param>
    /// <param name="history">The recorded losses and discriminator outputs.</param>
    /// <param name="width">Chart width in pixels, at least 300.</param>
    /// <param name="height">Chart height in pixels, at least 240.</param>
    /// <param name="title">The title; null makes one from the step, epoch and time counts.</param>
    /// <exception cref="ArgumentException">The size is too small for two panels, or the path does not end in .png.</exception>
    public static void Write(string path, TrainingHistory history, int width = 800, int height = 500, string? title = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Draw(history, width, height, title).SavePng(path);
    }

    /// <summary>Draws the chart onto a new canvas.</summary>
    /// <param name="history">The recorded losses and discriminator outputs.</param>
    /// <param name="width">Chart width in pixels, at least 300.</param>
    /// <param name="height">Chart height in pixels, at least 240.</param>
    /// <param name="title">The title; null makes one from the step, epoch and time counts.</param>
    /// <exception cref="ArgumentException">The size is too small for two panels.</exception>
    public static RasterCanvas Draw(TrainingHistory history, int width = 800, int height = 500, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (width < 300 || height < 240)
        {
            throw new ArgumentException($"a loss-curve chart needs at least 300x240 pixels, asked for {width}x{height}");
        }

        var canvas = new RasterCanvas(width, height, Background);
        var steps = history.DiscriminatorLoss.Count;
        title ??= $"GAN training: {history.Steps} steps, {history.Epochs} epochs, {history.Elapsed.TotalSeconds:0} s";
        canvas.Text((width - RasterCanvas.TextWidth(title, 2)) / 2, 10, title, Ink, 2);

        const int top = 40;
        const int gap = 36;
        const int bottomAxis = 40;
        var panelHeight = (height - top - gap - bottomAxis) / 2;
        var upper = new PixelRect(MarginLeft, top, width - MarginRight, top + panelHeight);
        var lower = new PixelRect(MarginLeft, upper.Bottom + gap, width - MarginRight, upper.Bottom + gap + panelHeight);
        var window = Math.Max(1, steps / 50);

        DrawPanel(canvas, upper, window > 1 ? $"losses (faint: per step; bold: moving average over {window} steps)" : "losses per step", steps, window,
            ("D loss", history.DiscriminatorLoss, DiscriminatorColor), ("G loss", history.GeneratorLoss, GeneratorColor));
        DrawPanel(canvas, lower, "mean discriminator output", steps, window,
            ("D(x)", history.MeanDReal, DiscriminatorColor), ("D(G(z))", history.MeanDFake, GeneratorColor));

        const string axisName = "training step";
        canvas.Text(lower.Left + ((lower.Width - RasterCanvas.TextWidth(axisName)) / 2), lower.Bottom + 22, axisName, Ink);
        return canvas;
    }

    private static void DrawPanel(RasterCanvas canvas, PixelRect rect, string caption, int steps, int window,
        params (string Name, IReadOnlyList<float> Values, Rgb Color)[] series)
    {
        canvas.Text(rect.Left, rect.Top - 11, caption, Ink);
        if (steps == 0)
        {
            canvas.StrokeRect(rect, Frame);
            const string empty = "no training steps recorded";
            canvas.Text(rect.Left + ((rect.Width - RasterCanvas.TextWidth(empty)) / 2), rect.Top + (rect.Height / 2), empty, Ink);
            return;
        }

        var smoothed = series.Select(s => MovingAverage(s.Values, window)).ToArray();
        var (yMin, yMax) = ValueRange(series.Select(s => s.Values), smoothed);
        var xTicks = AxisTicks.Nice(0, Math.Max(1, steps - 1), Math.Max(2, rect.Width / 90));
        var yTicks = AxisTicks.Nice(yMin, yMax, Math.Max(2, rect.Height / 40));
        yMin = Math.Min(yMin, yTicks[0]);
        yMax = Math.Max(yMax, yTicks[^1]);
        double xMax = Math.Max(1, steps - 1);

        int X(double step) => rect.Left + (int)Math.Round(step / xMax * (rect.Width - 1));
        int Y(double v) => rect.Bottom - 1 - (int)Math.Round((v - yMin) / (yMax - yMin) * (rect.Height - 1));

        foreach (var t in yTicks)
        {
            var y = Y(t);
            canvas.Line(rect.Left, y, rect.Right - 1, y, Grid, 1, rect);
            var label = AxisTicks.Format(t, yTicks);
            canvas.Text(rect.Left - 6 - RasterCanvas.TextWidth(label), y - 3, label, Ink);
            canvas.Line(rect.Left - 4, y, rect.Left - 1, y, Frame, 1, canvas.Bounds);
        }

        foreach (var t in xTicks.Where(t => t <= xMax + 1e-9))
        {
            var x = X(t);
            canvas.Line(x, rect.Top, x, rect.Bottom - 1, Grid, 1, rect);
            var label = AxisTicks.Format(t, xTicks);
            canvas.Text(x - (RasterCanvas.TextWidth(label) / 2), rect.Bottom + 6, label, Ink);
            canvas.Line(x, rect.Bottom, x, rect.Bottom + 3, Frame, 1, canvas.Bounds);
        }

        for (var s = 0; s < series.Length; s++)
        {
            DrawSeries(canvas, rect, series[s].Values, series[s].Color.Lighter(0.65), 1, X, Y);
        }

        for (var s = 0; s < series.Length; s++)
        {
            DrawSeries(canvas, rect, smoothed[s], series[s].Color, 2, X, Y);
        }

        canvas.StrokeRect(rect, Frame);
        DrawLegend(canvas, rect, series.Select(s => (s.Name, s.Color)).ToArray());
    }

    private static void DrawSeries(RasterCanvas canvas, PixelRect rect, IReadOnlyList<float> values, Rgb color, int thickness,
        Func<double, int> x, Func<double, int> y)
    {
        int? px = null, py = null;
        for (var i = 0; i < values.Count; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                px = null;
                continue;
            }

            int cx = x(i), cy = y(values[i]);
            if (px is { } lx && py is { } ly)
            {
                canvas.Line(lx, ly, cx, cy, color, thickness, rect);
            }
            else
            {
                canvas.Line(cx, cy, cx, cy, color, thickness, rect);
            }

            px = cx;
            py = cy;
        }
    }

    private static void DrawLegend(RasterCanvas canvas, PixelRect rect, (string Name, Rgb Color)[] entries)
    {
        var textWidth = entries.Max(e => RasterCanvas.TextWidth(e.Name));
        var box = new PixelRect(rect.Right - textWidth - 46, rect.Top + 6, rect.Right - 6, rect.Top + 10 + (entries.Length * 14));
        canvas.FillRect(box, new Rgb(250, 250, 250));
        canvas.StrokeRect(box, Frame);
        for (var i = 0; i < entries.Length; i++)
        {
            var y = box.Top + 9 + (i * 14);
            canvas.Line(box.Left + 6, y, box.Left + 26, y, entries[i].Color, 3, canvas.Bounds);
            canvas.Text(box.Left + 32, y - 3, entries[i].Name, Ink);
        }
    }

    /// <summary>Trailing moving average over <paramref name="window"/> finite values (non-finite ones stay non-finite).</summary>
    internal static float[] MovingAverage(IReadOnlyList<float> values, int window)
    {
        var result = new float[values.Count];
        double sum = 0;
        var count = 0;
        for (var i = 0; i < values.Count; i++)
        {
            if (float.IsFinite(values[i]))
            {
                sum += values[i];
                count++;
            }

            var drop = i - window;
            if (drop >= 0 && float.IsFinite(values[drop]))
            {
                sum -= values[drop];
                count--;
            }

            result[i] = float.IsFinite(values[i]) && count > 0 ? (float)(sum / count) : float.NaN;
        }

        return result;
    }

    // The y range: the 1st..99th percentile of raw values (so a single spike does not flatten the chart)
    // joined with the whole smoothed range; [0, 1] is kept whole when the values are probabilities.
    private static (double Min, double Max) ValueRange(IEnumerable<IReadOnlyList<float>> raw, IEnumerable<float[]> smoothed)
    {
        var all = raw.SelectMany(v => v).Where(float.IsFinite).Select(v => (double)v).Order().ToArray();
        var smooth = smoothed.SelectMany(v => v).Where(float.IsFinite).Select(v => (double)v).ToArray();
        if (all.Length == 0)
        {
            return (0, 1);
        }

        var lo = all[(int)(0.01 * (all.Length - 1))];
        var hi = all[(int)Math.Ceiling(0.99 * (all.Length - 1))];
        if (smooth.Length > 0)
        {
            lo = Math.Min(lo, smooth.Min());
            hi = Math.Max(hi, smooth.Max());
        }

        if (lo >= 0 && hi <= 1)
        {
            return (0, 1);
        }

        if (hi - lo < 1e-6)
        {
            return (lo - 0.5, hi + 0.5);
        }

        return (lo, hi);
    }
}

/// <summary>"Nice" axis ticks (steps of 1, 2 or 5 times a power of ten) and their labels.</summary>
internal static class AxisTicks
{
    /// <summary>Ticks covering [min, max] with about <paramref name="target"/> intervals.</summary>
    public static double[] Nice(double min, double max, int target)
    {
        if (max <= min)
        {
            max = min + 1;
        }

        var raw = (max - min) / Math.Max(1, target);
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * power).First(s => s >= raw);
        var first = Math.Floor(min / step) * step;
        var ticks = new List<double>();
        for (var t = first; t <= max + (step * 0.5); t += step)
        {
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        }

        return ticks.ToArray();
    }

    /// <summary>A tick label with as many decimals as the tick spacing needs; thousands as "k" past 10000.</summary>
    public static string Format(double value, IReadOnlyList<double> ticks)
    {
        var step = ticks.Count > 1 ? Math.Abs(ticks[1] - ticks[0]) : 1;
        if (step >= 1000 && Math.Abs(value) >= 10_000)
        {
            return (value / 1000).ToString(step >= 10_000 ? "0" : "0.#", CultureInfo.InvariantCulture) + "k";
        }

        var decimals = step >= 1 ? 0 : Math.Min(6, (int)Math.Ceiling(-Math.Log10(step) - 1e-9));
        return value.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }
}
