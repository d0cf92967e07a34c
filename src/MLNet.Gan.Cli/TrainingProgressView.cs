// Shows training progress from GanTrainer.Options.Progress: a live Spectre.Console bar (ETA, losses, D(x), D(G(z)),
// images/s) on a terminal, plain lines every few seconds when output is redirected; training warnings always show.
using System.Diagnostics;
using System.Globalization;
using MLNet.Gan.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MLNet.Gan.Cli;

/// <summary>Receives <see cref="GanProgress"/> reports and shows them.</summary>
internal sealed class TrainingProgressView : IProgress<GanProgress>
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);
    private readonly CliConsole _console;
    private readonly bool _showTotalSteps;
    private readonly string _unit;
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    private const int BarWidth = 24;
    private LiveDisplayContext? _live;
    private bool _first = true;

    /// <summary>A view writing to <paramref name="console"/>; the step total is shown only when a step or epoch limit was set; speed in <paramref name="unit"/>.</summary>
    public TrainingProgressView(CliConsole console, bool showTotalSteps, string unit = "img/s")
    {
        _console = console;
        _showTotalSteps = showTotalSteps;
        _unit = unit;
    }

    /// <summary>How many warnings were shown while training ran.</summary>
    public int WarningsShown { get; private set; }

    /// <summary>Runs <paramref name="train"/> under the live bar (terminal) or with plain lines (anything else).</summary>
    public T Run<T>(Func<T> train)
    {
        if (!_console.IsInteractive)
        {
            return train();
        }

        return AnsiConsole.Live(new Markup("[grey]loading the data ...[/]"))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Visible)
            .Start(ctx =>
            {
                _live = ctx;
                try
                {
                    return train();
                }
                finally
                {
                    _live = null;
                }
            });
    }

    /// <inheritdoc/>
    public void Report(GanProgress value)
    {
        if (value.Warning is { } warning)
        {
            WarningsShown++;
            if (_live is not null)
            {
                AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
            }
            else
            {
                _console.Error.WriteLine($"warning: {warning}");
            }
        }

        if (_live is { } live)
        {
            live.UpdateTarget(Bar(value, _showTotalSteps, _unit));
            live.Refresh();
        }
        else if (_first || value.EpochCompleted || _sinceLine.Elapsed >= PlainInterval)
        {
            _first = false;
            _sinceLine.Restart();
            _console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{value.Fraction,4:P0}  {Describe(value, _showTotalSteps, _unit)}"));
        }
    }

    /// <summary>
    /// The live display: a bar with the percentage, step, epoch, time and ETA, and under it the losses, D(x), D(G(z)) and
    /// images/s; two lines so that it fits an 80-column terminal.
    /// </summary>
    public static IRenderable Bar(GanProgress p, bool showTotalSteps, string unit = "img/s")
    {
        var done = (int)Math.Round(Math.Clamp(p.Fraction, 0, 1) * BarWidth);
        var bar = $"[green]{new string('━', done)}[/][grey]{new string('━', BarWidth - done)}[/]";
        var percent = string.Create(CultureInfo.InvariantCulture, $"{Math.Clamp(p.Fraction, 0, 1),4:P0}");
        return new Rows(
            new Markup($"{bar} {Markup.Escape(percent)}  {Markup.Escape(Where(p, showTotalSteps))}  {Markup.Escape(When(p))}"),
            new Markup($"{new string(' ', BarWidth + 1)}{Markup.Escape(Measures(p, unit))}"));
    }

    /// <summary>One line: step, epoch, losses, discriminator means, speed, time so far and time left.</summary>
    public static string Describe(GanProgress p, bool showTotalSteps, string unit = "img/s") => $"{Where(p, showTotalSteps)} {Measures(p, unit)} {When(p)}";

    // "step 120/500 ep 2"
    private static string Where(GanProgress p, bool showTotalSteps) =>
        string.Create(CultureInfo.InvariantCulture, $"step {p.Step}{(showTotalSteps && p.TotalSteps is { } t ? $"/{t}" : string.Empty)} ep {p.Epoch}");

    // "D 1.235 G 0.500 D(x) 0.75 D(G(z)) 0.25 1234 img/s"
    private static string Measures(GanProgress p, string unit) => string.Create(CultureInfo.InvariantCulture,
        $"D {p.DiscriminatorLoss:0.000} G {p.GeneratorLoss:0.000} D(x) {p.MeanDReal:0.00} D(G(z)) {p.MeanDFake:0.00} {p.ImagesPerSecond:0} {unit}");

    // "01:05 ETA 02:05"
    private static string When(GanProgress p) => $"{Clock(p.Elapsed)} {(p.Eta is { } e ? $"ETA {Clock(e)}" : "ETA ?")}";

    private static string Clock(TimeSpan t) => t.TotalHours >= 1
        ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : t.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}
