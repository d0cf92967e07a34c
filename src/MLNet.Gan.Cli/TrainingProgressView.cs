// Shows training progress: a live Spectre.Console bar (ETA, losses, D(x), D(G(z)), images/s) on a terminal,
// plain lines every few seconds when output is redirected; warnings from training are always printed.
using System.Diagnostics;
using System.Globalization;
using MLNet.Gan.Training;
using Spectre.Console;

namespace MLNet.Gan.Cli;

/// <summary>Receives <see cref="GanProgress"/> reports and shows them.</summary>
internal sealed class TrainingProgressView : IProgress<GanProgress>
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);
    private readonly CliConsole _console;
    private readonly bool _showTotalSteps;
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    private ProgressTask? _task;
    private bool _first = true;

    /// <summary>A view writing to <paramref name="console"/>; the step total is shown only when a step or epoch limit was set.</summary>
    public TrainingProgressView(CliConsole console, bool showTotalSteps)
    {
        _console = console;
        _showTotalSteps = showTotalSteps;
    }

    /// <summary>Runs <paramref name="train"/> with the live bar (terminal) or plain lines (anything else).</summary>
    public T Run<T>(Func<T> train)
    {
        if (!_console.IsInteractive)
        {
            return train();
        }

        return AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new ProgressBarColumn { Width = 24 }, new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .Start(ctx =>
            {
                _task = ctx.AddTask("starting", maxValue: 1000);
                var result = train();
                _task.Value = _task.MaxValue;
                return result;
            });
    }

    /// <summary>How many warnings were shown while training ran.</summary>
    public int WarningsShown { get; private set; }

    public void Report(GanProgress value)
    {
        if (value.Warning is { } warning)
        {
            WarningsShown++;
            if (_task is not null)
            {
                AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
            }
            else
            {
                _console.Error.WriteLine($"warning: {warning}");
            }
        }

        var line = Describe(value, _showTotalSteps);
        if (_task is not null)
        {
            _task.Value = Math.Clamp(value.Fraction, 0, 1) * _task.MaxValue;
            _task.Description = Markup.Escape(line);
        }
        else if (_first || value.EpochCompleted || _sinceLine.Elapsed >= PlainInterval)
        {
            _first = false;
            _sinceLine.Restart();
            _console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{value.Fraction,4:P0}  {line}"));
        }
    }

    /// <summary>One line: step, epoch, losses, discriminator means, speed and time left.</summary>
    public static string Describe(GanProgress p, bool showTotalSteps)
    {
        var total = showTotalSteps && p.TotalSteps is { } t ? $"/{t}" : string.Empty;
        var eta = p.Eta is { } e ? $"ETA {Clock(e)}" : "ETA ?";
        return string.Create(CultureInfo.InvariantCulture,
            $"step {p.Step}{total} ep {p.Epoch} D {p.DiscriminatorLoss:0.000} G {p.GeneratorLoss:0.000} D(x) {p.MeanDReal:0.00} D(G(z)) {p.MeanDFake:0.00} {p.ImagesPerSecond:0} img/s {Clock(p.Elapsed)} {eta}");
    }

    private static string Clock(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}
