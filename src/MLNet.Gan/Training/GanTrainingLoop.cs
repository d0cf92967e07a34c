// The training loop: steps, progress, health checks, samples, checkpoints, budget and cancellation.
using System.Diagnostics;

namespace MLNet.Gan.Training;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>Runs a <see cref="GanTrainingSession"/> until its budget is spent or it is cancelled.</summary>
internal static class GanTrainingLoop
{
    private const int CollapseCheckInterval = 50;

    // Steps in a row with non-finite gradients after which a run counts as diverged rather than unlucky.
    internal const int MaxDroppedInARow = 10;
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(250);

    /// <param name="session">The run's state (possibly restored from a checkpoint).</param>
    /// <param name="o">Options (budget, checkpoints, progress, cancellation).</param>
    /// <param name="onEpochEnd">Called after each epoch with its number (sample grids).</param>
    public static TrainingHistory Run(GanTrainingSession session, GanTrainer.Options o, Action<int>? onEpochEnd = null)
    {
        var history = new TrainingHistory();
        var monitor = new TrainingMonitor(o.Loss);
        var clock = Stopwatch.StartNew();
        var batchesPerStep = o.DiscriminatorSteps;
        var stepsPerEpoch = Math.Max(1, session.Sampler.BatchesPerEpoch / batchesPerStep);
        var totalSteps = Math.Min(o.MaxSteps ?? long.MaxValue, o.EpochLimit is { } epochs ? (long)epochs * stepsPerEpoch : long.MaxValue);
        var startStep = session.Step;
        var lastReport = TimeSpan.Zero;
        string? checkpoint = o.CheckpointDirectory is null ? null : Path.Combine(o.CheckpointDirectory, "checkpoint.zip");

        while (session.Step < totalSteps && !(o.TimeBudget is { } budget && clock.Elapsed >= budget))
        {
            if (o.CancellationToken.IsCancellationRequested)
            {
                history.Cancelled = true;
                break;
            }

            string? warning;
            StepStats stats;
            using (NewDisposeScope())
            {
                var noise = InstanceNoiseLevel(o.InstanceNoise, session.Step, totalSteps, clock.Elapsed, o.TimeBudget);
                stats = session.TrainStep(noise, out var fake, out var real, out var labels);
                warning = monitor.CheckVanishing(session.Step, stats.DFake, o.Loss);
                if (warning is null && session.Step % CollapseCheckInterval == 0)
                {
                    warning = monitor.CheckCollapse(session.Step, fake, real, labels);
                }
            }

            if (!double.IsFinite(stats.DLoss) || !double.IsFinite(stats.GLoss) || session.DroppedInARow >= MaxDroppedInARow)
            {
                // A diverged run's weights are NaN from here on: stop with what happened instead of returning a broken model.
                throw new InvalidOperationException(FormattableString.Invariant(
                    $"training diverged at step {session.Step}: discriminator loss {stats.DLoss}, generator loss {stats.GLoss}, {session.DroppedInARow} steps in a row with non-finite gradients; ") +
                    "lower the learning rates, use spectral norm or the WassersteinGp loss, or check the input values");
            }

            Record(history, stats);
            var epochEnded = session.Step % stepsPerEpoch == 0;
            if (checkpoint is not null && session.Step % Math.Max(1, o.CheckpointInterval) == 0)
            {
                session.SaveCheckpoint(checkpoint);
            }

            if (epochEnded)
            {
                onEpochEnd?.Invoke((int)(session.Step / stepsPerEpoch));
            }

            var elapsed = clock.Elapsed;
            if (o.Progress is not null && (warning is not null || epochEnded || elapsed - lastReport >= ReportInterval || session.Step == totalSteps))
            {
                lastReport = elapsed;
                o.Progress.Report(MakeReport(session, o, stats, elapsed, startStep, totalSteps, epochEnded, warning));
            }
        }

        history.Steps = session.Step;
        history.Epochs = (int)(session.Step / stepsPerEpoch);
        history.Elapsed = clock.Elapsed;
        history.Warnings.AddRange(monitor.Warnings);
        if (session.DroppedUpdates > 0)
        {
            history.Warnings.Add(FormattableString.Invariant(
                $"{session.DroppedUpdates} optimizer updates in {session.Step} steps were dropped for non-finite gradients (libtorch's CPU convolution; README, known issues)"));
        }

        if (checkpoint is not null)
        {
            session.SaveCheckpoint(checkpoint);
        }

        return history;
    }

    /// <summary>
    /// Fraction of the run's budget used, in [0, 1]: the larger of steps done / step limit and elapsed / time budget
    /// (a limit that is not set counts as 0; <paramref name="totalSteps"/> is <see cref="long.MaxValue"/> when there is no step limit).
    /// </summary>
    internal static double ProgressFraction(long step, long totalSteps, TimeSpan elapsed, TimeSpan? timeBudget)
    {
        var stepFraction = totalSteps == long.MaxValue ? 0 : (double)step / totalSteps;
        var timeFraction = timeBudget is { } b && b > TimeSpan.Zero ? elapsed / b : 0;
        return Math.Clamp(Math.Max(stepFraction, timeFraction), 0, 1);
    }

    /// <summary>
    /// Std of the instance noise for the next step: <paramref name="initial"/> annealed linearly to 0 over the run's
    /// progress (<see cref="ProgressFraction"/>), so it also fades under a time budget alone.
    /// </summary>
    internal static double InstanceNoiseLevel(double initial, long step, long totalSteps, TimeSpan elapsed, TimeSpan? timeBudget) =>
        initial * (1 - ProgressFraction(step, totalSteps, elapsed, timeBudget));

    private static void Record(TrainingHistory h, StepStats s)
    {
        h.DiscriminatorLoss.Add((float)s.DLoss);
        h.GeneratorLoss.Add((float)s.GLoss);
        h.MeanDReal.Add((float)s.DReal);
        h.MeanDFake.Add((float)s.DFake);
        h.GeneratorGradientNorm.Add((float)s.GGradNorm);
    }

    private static GanProgress MakeReport(GanTrainingSession s, GanTrainer.Options o, StepStats stats, TimeSpan elapsed,
        long startStep, long totalSteps, bool epochEnded, string? warning)
    {
        var done = s.Step - startStep;
        var perStep = done > 0 ? elapsed.TotalSeconds / done : 0;
        var fraction = ProgressFraction(s.Step, totalSteps, elapsed, o.TimeBudget);
        TimeSpan? eta = null;
        if (totalSteps != long.MaxValue && perStep > 0)
        {
            eta = TimeSpan.FromSeconds((totalSteps - s.Step) * perStep);
        }

        if (o.TimeBudget is { } budget)
        {
            var left = budget - elapsed;
            eta = eta is null || left < eta ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : eta;
        }

        return new GanProgress
        {
            Step = s.Step,
            TotalSteps = totalSteps == long.MaxValue ? null : totalSteps,
            Epoch = (int)(s.Step / Math.Max(1, s.Sampler.BatchesPerEpoch / o.DiscriminatorSteps)) + (epochEnded ? 0 : 1),
            Fraction = fraction,
            DiscriminatorLoss = stats.DLoss,
            GeneratorLoss = stats.GLoss,
            MeanDReal = stats.DReal,
            MeanDFake = stats.DFake,
            ImagesPerSecond = perStep > 0 ? o.BatchSize * o.DiscriminatorSteps / perStep : 0,
            Elapsed = elapsed,
            Eta = eta,
            EpochCompleted = epochEnded,
            Warning = warning,
        };
    }
}
