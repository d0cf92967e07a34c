// Draws the training curves of a GAN run with ScottPlot: D and G losses (faint per step, bold moving average) in
// the top panel, mean D(x) and D(G(z)) in the bottom one, sharing the step axis; written as PNG.
using MLNet.Gan.Training;
using ScottPlot;

namespace MLNet.Gan.Imaging;

/// <summary>Plots a <see cref="TrainingHistory"/> as a two-panel ScottPlot chart and writes it as PNG.</summary>
public static class LossCurvePlot
{
    /// <summary>Colour of the discriminator loss and of D(x).</summary>
    public static readonly Color DiscriminatorColor = Color.FromHex("#1f77b4");

    /// <summary>Colour of the generator loss and of D(G(z)).</summary>
    public static readonly Color GeneratorColor = Color.FromHex("#d62728");

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
        PlotImages.Save(path, RenderPng(history, width, height, title));
    }

    /// <summary>Draws the chart and encodes it as PNG bytes.</summary>
    /// <param name="history">The recorded losses and discriminator outputs.</param>
    /// <param name="width">Chart width in pixels, at least 300.</param>
    /// <param name="height">Chart height in pixels, at least 240.</param>
    /// <param name="title">The title; null makes one from the step, epoch and time counts.</param>
    /// <exception cref="ArgumentException">The size is too small for two panels.</exception>
    public static byte[] RenderPng(TrainingHistory history, int width = 800, int height = 500, string? title = null)
    {
        if (width < 300 || height < 240)
        {
            throw new ArgumentException($"a loss-curve chart needs at least 300x240 pixels, asked for {width}x{height}");
        }

        var (losses, outputs) = Create(history, title);
        var upper = (height + 1) / 2;
        return PlotImages.Join([PlotImages.Png(losses, width, upper), PlotImages.Png(outputs, width, height - upper)], vertical: true);
    }

    /// <summary>Builds the two panels (losses; mean discriminator outputs) over one step axis, for further styling or rendering.</summary>
    /// <param name="history">The recorded losses and discriminator outputs.</param>
    /// <param name="title">The title; null makes one from the step, epoch and time counts.</param>
    public static (Plot Losses, Plot Outputs) Create(TrainingHistory history, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var steps = history.DiscriminatorLoss.Count;
        var window = Math.Max(1, steps / 50);
        var losses = new Plot();
        var outputs = new Plot();

        title ??= $"GAN training: {history.Steps} steps, {history.Epochs} epochs, {history.Elapsed.TotalSeconds:0} s";
        losses.Title(window > 1 ? $"{title}\n(faint: per step; bold: mean of {window} steps)" : title, size: 14);
        losses.YLabel("loss", size: 14);
        AddSeries(losses, history.DiscriminatorLoss, window, "D loss", DiscriminatorColor);
        AddSeries(losses, history.GeneratorLoss, window, "G loss", GeneratorColor);

        outputs.YLabel("mean D output", size: 14);
        outputs.XLabel("training step", size: 14);
        AddSeries(outputs, history.MeanDReal, window, "D(x)", DiscriminatorColor);
        AddSeries(outputs, history.MeanDFake, window, "D(G(z))", GeneratorColor);
        outputs.Axes.SetLimitsY(0, 1);

        foreach (var plot in new[] { losses, outputs })
        {
            // One fixed left and right margin for both panels, so their step axes line up.
            plot.Layout.Fixed(new PixelPadding(70, 20, plot == losses ? 30 : 50, plot == losses ? 55 : 10));
            if (steps == 0)
            {
                var note = plot.Add.Text("no training steps recorded", 0.5, 0.5);
                note.Alignment = Alignment.MiddleCenter;
                plot.Axes.SetLimits(0, 1, 0, 1);
            }
            else
            {
                plot.ShowLegend(Alignment.UpperRight);
            }
        }

        if (steps > 0)
        {
            FitLossAxis(losses, history);
            losses.Axes.SetLimitsX(0, Math.Max(1, steps - 1));
            outputs.Axes.SetLimitsX(0, Math.Max(1, steps - 1));
        }

        return (losses, outputs);
    }

    private static void AddSeries(Plot plot, IReadOnlyList<float> values, int window, string name, Color color)
    {
        if (values.Count == 0)
        {
            return;
        }

        var xs = Enumerable.Range(0, values.Count).Select(i => (double)i).ToArray();
        if (window > 1)
        {
            var raw = plot.Add.ScatterLine(xs, values.Select(v => (double)v).ToArray(), color.WithAlpha(0.3));
            raw.LineWidth = 1;
        }

        var smooth = plot.Add.ScatterLine(xs, MovingAverage(values, window).Select(v => (double)v).ToArray(), color);
        smooth.LineWidth = 2;
        smooth.LegendText = name;
    }

    // The loss axis spans the 1st..99th percentile of the per-step losses and the whole smoothed range, so a single spike does not flatten the chart.
    private static void FitLossAxis(Plot plot, TrainingHistory history)
    {
        var all = history.DiscriminatorLoss.Concat(history.GeneratorLoss).Where(float.IsFinite).Select(v => (double)v).Order().ToArray();
        if (all.Length == 0)
        {
            return;
        }

        var window = Math.Max(1, history.DiscriminatorLoss.Count / 50);
        var smooth = MovingAverage(history.DiscriminatorLoss, window).Concat(MovingAverage(history.GeneratorLoss, window))
            .Where(float.IsFinite).Select(v => (double)v).ToArray();
        var lo = Math.Min(all[(int)(0.01 * (all.Length - 1))], smooth.DefaultIfEmpty(double.MaxValue).Min());
        var hi = Math.Max(all[(int)Math.Ceiling(0.99 * (all.Length - 1))], smooth.DefaultIfEmpty(double.MinValue).Max());
        var pad = Math.Max(1e-3, (hi - lo) * 0.05);
        plot.Axes.SetLimitsY(lo - pad, hi + pad);
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
}
