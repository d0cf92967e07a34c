// The colorizer's training loop: pix2pix steps (PatchGAN, then U-Net with adversarial + L1 loss) over shuffled
// batches, with the budget, progress, checkpoints, divergence check and cancellation of the GAN trainer.
using System.Diagnostics;
using Microsoft.ML;
using MLNet.Gan.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.Gan.Colorization;

/// <summary>Trains a <see cref="UNetGenerator"/> on (luma, chroma) pairs.</summary>
internal static class ColorizerTraining
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(250);

    /// <param name="o">The options (losses, budget, progress, checkpoints).</param>
    /// <param name="info">The model's description (for checkpoint files).</param>
    /// <param name="generator">The U-Net, trained in place.</param>
    /// <param name="pairs">(N, 3, S, S): luma, then chroma U and V, on <paramref name="device"/>.</param>
    /// <param name="device">Where the networks run.</param>
    /// <param name="seed">Seed of the batch order.</param>
    /// <param name="context">For checkpoint files.</param>
    public static TrainingHistory Run(ColorizerTrainer.Options o, ColorizerModelInfo info, UNetGenerator generator, Tensor pairs, Device device, int seed, MLContext context)
    {
        using var discriminator = o.L1Only ? null : new PatchDiscriminator(o.PatchLayers, o.DiscriminatorWidth).to(device);
        var computeType = MixedPrecision.Resolve(o.Precision, device);
        MixedPrecision.Apply(generator, computeType);
        if (discriminator is not null)
        {
            MixedPrecision.Apply(discriminator, computeType);
        }

        using var optG = optim.Adam(generator.parameters(), o.GeneratorLearningRate, o.Beta1, 0.999);
        using var optD = discriminator is null ? null : optim.Adam(discriminator.parameters(), o.DiscriminatorLearningRate, o.Beta1, 0.999);
        generator.train();
        discriminator?.train();

        var count = (int)pairs.shape[0];
        var batch = Math.Min(o.BatchSize, count);
        if (batch < 2)
        {
            throw new InvalidDataException($"colorizer training column '{o.TrainingColumn}': {count} image; batch norm needs at least 2");
        }

        var stepsPerEpoch = count / batch;
        var totalSteps = Math.Min(o.MaxSteps ?? long.MaxValue, o.EpochLimit is { } epochs ? (long)epochs * stepsPerEpoch : long.MaxValue);
        var order = new Random(seed);
        var permutation = Enumerable.Range(0, count).ToArray();
        var history = new TrainingHistory();
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var checkpoint = o.CheckpointDirectory is null ? null : Path.Combine(o.CheckpointDirectory, "checkpoint.zip");
        long step = 0;
        long skippedSteps = 0;
        var skippedInARow = 0;
        while (step < totalSteps && !(o.TimeBudget is { } budget && clock.Elapsed >= budget))
        {
            if (o.CancellationToken.IsCancellationRequested)
            {
                history.Cancelled = true;
                break;
            }

            var inEpoch = (int)(step % stepsPerEpoch);
            if (inEpoch == 0)
            {
                order.Shuffle(permutation);
            }

            StepStats stats;
            bool dropped;
            using (NewDisposeScope())
            {
                var index = tensor(permutation.AsSpan(inEpoch * batch, batch).ToArray().Select(i => (long)i).ToArray(), device: device);
                (stats, dropped) = Step(o, generator, discriminator, optG, optD, pairs.index_select(0, index));
            }

            step++;
            skippedSteps += dropped ? 1 : 0;
            skippedInARow = dropped ? skippedInARow + 1 : 0;
            if (!double.IsFinite(stats.DLoss) || !double.IsFinite(stats.GLoss) || skippedInARow >= GanTrainingLoop.MaxDroppedInARow)
            {
                throw new InvalidOperationException(FormattableString.Invariant(
                    $"colorizer training diverged at step {step}: discriminator loss {stats.DLoss}, generator loss {stats.GLoss}, {skippedInARow} updates in a row with non-finite gradients; ") +
                    "lower the learning rates or L1Weight, or set MLNETGAN_THREADS=1");
            }

            history.DiscriminatorLoss.Add((float)stats.DLoss);
            history.GeneratorLoss.Add((float)stats.GLoss);
            history.MeanDReal.Add((float)stats.DReal);
            history.MeanDFake.Add((float)stats.DFake);
            if (checkpoint is not null && step % o.CheckpointInterval == 0)
            {
                WriteCheckpoint(context, info, generator, checkpoint, step);
            }

            var epochEnded = step % stepsPerEpoch == 0;
            var elapsed = clock.Elapsed;
            if (o.Progress is not null && (epochEnded || elapsed - lastReport >= ReportInterval || step == totalSteps))
            {
                lastReport = elapsed;
                var perStep = elapsed.TotalSeconds / step;
                var fraction = GanTrainingLoop.ProgressFraction(step, totalSteps, elapsed, o.TimeBudget);
                o.Progress.Report(new GanProgress
                {
                    Step = step,
                    TotalSteps = totalSteps == long.MaxValue ? null : totalSteps,
                    Epoch = (int)(step / stepsPerEpoch) + (epochEnded ? 0 : 1),
                    Fraction = fraction,
                    DiscriminatorLoss = stats.DLoss,
                    GeneratorLoss = stats.GLoss,
                    MeanDReal = stats.DReal,
                    MeanDFake = stats.DFake,
                    ImagesPerSecond = batch / perStep,
                    Elapsed = elapsed,
                    Eta = Eta(step, totalSteps, perStep, elapsed, o.TimeBudget),
                    EpochCompleted = epochEnded,
                });
            }
        }

        if (skippedSteps > 0)
        {
            history.Warnings.Add($"{skippedSteps} of {step} steps dropped an update with non-finite gradients (libtorch's CPU convolution, mostly on several threads; MLNETGAN_THREADS=1 makes it rare)");
        }

        history.Steps = step;
        history.Epochs = (int)(step / stepsPerEpoch);
        history.Elapsed = clock.Elapsed;
        if (checkpoint is not null)
        {
            WriteCheckpoint(context, info, generator, checkpoint, step);
        }

        MixedPrecision.Apply(generator, ScalarType.Float32); // the transformer colorizes in float32
        generator.eval();
        return history;
    }

    // One pix2pix step on a batch (B, 3, S, S): the PatchGAN on true and predicted chroma, then the U-Net.
    private static (StepStats Stats, bool Skipped) Step(ColorizerTrainer.Options o, UNetGenerator g, PatchDiscriminator? d, Adam optG, Adam? optD, Tensor batch)
    {
        var luma = batch.narrow(1, 0, 1);   // (B, 1, S, S)
        var chroma = batch.narrow(1, 1, 2); // (B, 2, S, S)
        var fake = MixedPrecision.ToFloat32(g.call(luma)); // (B, 2, S, S); the losses in float32
        double dLoss = 0, dReal = 0, dFake = 0;
        var skipped = false;
        Tensor adversarial = zeros(1, device: batch.device);
        if (d is not null && optD is not null)
        {
            var real = cat(new[] { luma, chroma }, 1); // (B, 3, S, S)
            var generated = cat(new[] { luma, fake.detach() }, 1);
            optD.zero_grad();
            var realLogits = MixedPrecision.ToFloat32(d.call(real)); // (B, 1, h, w)
            var fakeLogits = MixedPrecision.ToFloat32(d.call(generated));
            var lossD = AdversarialLoss.Discriminator(o.Loss, realLogits, fakeLogits, 1.0);
            if (o.Loss == GanLoss.WassersteinGp)
            {
                lossD = lossD + (o.GradientPenaltyWeight * AdversarialLoss.GradientPenalty(x => MixedPrecision.ToFloat32(d.call(x)).flatten(1).mean(new long[] { 1 }), real, generated));
            }

            lossD.backward();
            skipped |= !GanTrainingSession.TryStep(optD, d, out _);
            dLoss = lossD.item<float>();
            dReal = AdversarialLoss.Report(o.Loss, realLogits);
            dFake = AdversarialLoss.Report(o.Loss, fakeLogits);
            adversarial = AdversarialLoss.Generator(o.Loss, MixedPrecision.ToFloat32(d.call(cat(new[] { luma, fake }, 1))));
        }

        optG.zero_grad();
        var lossG = adversarial + (o.L1Weight * (fake - chroma).abs().mean());
        lossG.backward();
        skipped |= !GanTrainingSession.TryStep(optG, g, out _);
        return (new StepStats(dLoss, lossG.item<float>(), dReal, dFake), skipped);
    }

    private static TimeSpan? Eta(long step, long totalSteps, double perStep, TimeSpan elapsed, TimeSpan? budget)
    {
        TimeSpan? eta = totalSteps == long.MaxValue ? null : TimeSpan.FromSeconds((totalSteps - step) * perStep);
        if (budget is { } b)
        {
            var left = b - elapsed > TimeSpan.Zero ? b - elapsed : TimeSpan.Zero;
            eta = eta is null || left < eta ? left : eta;
        }

        return eta;
    }

    // The U-Net so far as a model file (eval-mode outputs; training continues in train mode).
    private static void WriteCheckpoint(MLContext context, ColorizerModelInfo info, UNetGenerator generator, string path, long step)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        info.Steps = step;
        new ColorizerTransformer(context, info, generator, CPU, null).Save(path);
    }
}
