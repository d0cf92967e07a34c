// CTGAN's training loop: WGAN-GP with a packed critic, the generator's conditional cross-entropy, Adam (2e-4, betas 0.5
// and 0.9); budget, progress, cancellation, divergence check and checkpoints that resume bit for bit.
using System.Diagnostics;
using MLNet.Gan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Tabular;

/// <summary>Trains a <see cref="TabularGenerator"/> against a <see cref="TabularDiscriminator"/> on encoded rows.</summary>
internal sealed class TabularGanTraining : IDisposable
{
    private const string CheckpointFormat = "mlnet-gan-tabular-checkpoint/1";
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(250);
    private readonly TabularGanTrainer.Options _o;
    private readonly TabularEncoding _encoding;
    private readonly ConditionalSampler _sampler;
    private readonly Tensor _rows; // (N, Width) encoded training rows
    private readonly TabularDiscriminator _discriminator;
    private readonly TorchSharp.Modules.Adam _optG;
    private readonly TorchSharp.Modules.Adam _optD;
    private readonly Device _device;
    private readonly int _batch;

    public TabularGanTraining(TabularGanTrainer.Options o, TabularEncoding encoding, ConditionalSampler sampler, Tensor rows, Device device)
    {
        _o = o;
        _encoding = encoding;
        _sampler = sampler;
        _rows = rows;
        _device = device;
        // A table smaller than a batch trains on batches of its size, rounded down to whole packs.
        _batch = Math.Max(o.Pac, Math.Min(o.BatchSize, (int)rows.shape[0] / o.Pac * o.Pac));
        Generator = new TabularGenerator(o.LatentSize + encoding.CondWidth, o.GeneratorLayers, encoding.Width).to(device);
        _discriminator = new TabularDiscriminator(encoding.Width + encoding.CondWidth, o.DiscriminatorLayers, o.Pac).to(device);
        _optG = optim.Adam(Generator.parameters(), o.LearningRate, o.Beta1, o.Beta2, weight_decay: o.WeightDecay);
        _optD = optim.Adam(_discriminator.parameters(), o.LearningRate, o.Beta1, o.Beta2, weight_decay: o.WeightDecay);
    }

    public TabularGenerator Generator { get; }

    public long Step { get; private set; }

    /// <summary>Generator steps in one pass over the data.</summary>
    public int StepsPerEpoch => Math.Max(1, (int)(_rows.shape[0] / _batch));

    /// <summary>Trains until the budget is spent or training is cancelled.</summary>
    public TrainingHistory Run()
    {
        var history = new TrainingHistory();
        var clock = Stopwatch.StartNew();
        var totalSteps = Math.Min(_o.MaxSteps ?? long.MaxValue, _o.EpochLimit is { } epochs ? (long)epochs * StepsPerEpoch : long.MaxValue);
        var startStep = Step;
        var lastReport = TimeSpan.Zero;
        var checkpoint = _o.CheckpointDirectory is null ? null : Path.Combine(_o.CheckpointDirectory, "checkpoint.zip");
        Generator.train();
        _discriminator.train();
        while (Step < totalSteps && !(_o.TimeBudget is { } budget && clock.Elapsed >= budget))
        {
            if (_o.CancellationToken.IsCancellationRequested)
            {
                history.Cancelled = true;
                break;
            }

            StepStats stats;
            using (NewDisposeScope())
            {
                stats = TrainStep();
            }

            if (!double.IsFinite(stats.DLoss) || !double.IsFinite(stats.GLoss))
            {
                throw new InvalidOperationException(FormattableString.Invariant(
                    $"tabular GAN training diverged at step {Step}: critic loss {stats.DLoss}, generator loss {stats.GLoss}; lower LearningRate or check the input values"));
            }

            history.DiscriminatorLoss.Add((float)stats.DLoss);
            history.GeneratorLoss.Add((float)stats.GLoss);
            history.MeanDReal.Add((float)stats.DReal);
            history.MeanDFake.Add((float)stats.DFake);
            if (checkpoint is not null && Step % _o.CheckpointInterval == 0)
            {
                SaveCheckpoint(checkpoint);
            }

            var epochEnded = Step % StepsPerEpoch == 0;
            var elapsed = clock.Elapsed;
            if (_o.Progress is not null && (epochEnded || elapsed - lastReport >= ReportInterval || Step == totalSteps))
            {
                lastReport = elapsed;
                _o.Progress.Report(Report(stats, elapsed, Step - startStep, totalSteps, epochEnded));
            }
        }

        history.Steps = Step;
        history.Epochs = (int)(Step / StepsPerEpoch);
        history.Elapsed = clock.Elapsed;
        if (checkpoint is not null)
        {
            SaveCheckpoint(checkpoint);
        }

        Generator.eval();
        return history;
    }

    // k critic steps, then one generator step; each draws its conditions and real rows by training-by-sampling.
    private StepStats TrainStep()
    {
        double dLoss = 0, dReal = 0, dFake = 0;
        for (var k = 0; k < _o.DiscriminatorSteps; k++)
        {
            var (cond, _, realCond, realRows) = _sampler.SampleTraining(_batch);
            Tensor fake;
            using (no_grad())
            {
                fake = _encoding.Activate(Generator.call(cat(new[] { Noise(), cond }, 1)), _o.GumbelTemperature); // (B, Width)
            }

            var real = cat(new[] { _rows.index_select(0, realRows), realCond }, 1); // (B, Width + Cond)
            var generated = cat(new[] { fake, cond }, 1);
            var scoreReal = _discriminator.call(real);     // (B / pac, 1)
            var scoreFake = _discriminator.call(generated);
            var lossD = scoreFake.mean() - scoreReal.mean() + (_o.GradientPenaltyWeight * GradientPenalty(real, generated));
            _optD.zero_grad();
            lossD.backward();
            _optD.step();
            dLoss = lossD.item<float>();
            dReal = scoreReal.mean().item<float>();
            dFake = scoreFake.mean().item<float>();
        }

        var (gCond, mask, _, _) = _sampler.SampleTraining(_batch);
        var raw = Generator.call(cat(new[] { Noise(), gCond }, 1)); // (B, Width) before activation
        var score = _discriminator.call(cat(new[] { _encoding.Activate(raw, _o.GumbelTemperature), gCond }, 1));
        var lossG = -score.mean() + _encoding.ConditionalLoss(raw, gCond, mask);
        _optG.zero_grad();
        lossG.backward();
        _optG.step();
        Step++;
        return new StepStats(dLoss, lossG.item<float>(), dReal, dFake);
    }

    private Tensor Noise() => randn(_batch, _o.LatentSize, device: _device);

    // E[(||grad D(x_hat)|| - 1)^2] with one interpolation weight per pack and the norm over the whole pack (PacGAN).
    private Tensor GradientPenalty(Tensor real, Tensor fake)
    {
        var width = real.shape[1];
        var packs = real.shape[0] / _o.Pac;
        var alpha = rand(packs, 1, 1, device: _device).expand(packs, _o.Pac, width).reshape(-1, width); // (B, W)
        var mixed = ((alpha * real) + ((1 - alpha) * fake)).detach().requires_grad_();
        var scores = _discriminator.call(mixed);
        var grad = autograd.grad(new[] { scores.sum() }, new[] { mixed }, retain_graph: true, create_graph: true)[0]; // (B, W)
        return (grad.reshape(-1, _o.Pac * width).norm(1) - 1).square().mean();
    }

    private GanProgress Report(StepStats stats, TimeSpan elapsed, long done, long totalSteps, bool epochEnded)
    {
        var perStep = done > 0 ? elapsed.TotalSeconds / done : 0;
        TimeSpan? eta = totalSteps == long.MaxValue || perStep == 0 ? null : TimeSpan.FromSeconds((totalSteps - Step) * perStep);
        if (_o.TimeBudget is { } budget)
        {
            var left = budget - elapsed > TimeSpan.Zero ? budget - elapsed : TimeSpan.Zero;
            eta = eta is null || left < eta ? left : eta;
        }

        return new GanProgress
        {
            Step = Step,
            TotalSteps = totalSteps == long.MaxValue ? null : totalSteps,
            Epoch = (int)(Step / StepsPerEpoch) + (epochEnded ? 0 : 1),
            Fraction = GanTrainingLoop.ProgressFraction(Step, totalSteps, elapsed, _o.TimeBudget),
            DiscriminatorLoss = stats.DLoss,
            GeneratorLoss = stats.GLoss,
            MeanDReal = stats.DReal,
            MeanDFake = stats.DFake,
            ImagesPerSecond = perStep > 0 ? _batch * _o.DiscriminatorSteps / perStep : 0,
            Elapsed = elapsed,
            Eta = eta,
            EpochCompleted = epochEnded,
        };
    }

    /// <summary>Writes the networks, optimizer states, RNG state and step counter into one zip, replaced atomically.</summary>
    public void SaveCheckpoint(string path)
    {
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (k, v) in Generator.state_dict())
        {
            tensors["generator." + k] = v.cpu();
        }

        foreach (var (k, v) in _discriminator.state_dict())
        {
            tensors["discriminator." + k] = v.cpu();
        }

        tensors["rng"] = random.get_rng_state();
        tensors["step"] = tensor(new[] { Step });
        GanTrainingSession.WriteCheckpoint(path, CheckpointFormat, tensors, _optG, _optD);
    }

    /// <summary>Restores a checkpoint written by <see cref="SaveCheckpoint"/> for the same data and options.</summary>
    public void LoadCheckpoint(string path)
    {
        var tensors = GanTrainingSession.ReadCheckpoint(path, CheckpointFormat, "a tabular GAN checkpoint", t =>
        {
            GanTrainingSession.Load(Generator, GanTrainingSession.Prefixed(t, "generator."));
            GanTrainingSession.Load(_discriminator, GanTrainingSession.Prefixed(t, "discriminator."));
        }, _optG, _optD, "this data and these options (columns, categories, layer widths)");
        random.set_rng_state(tensors["rng"]);
        Step = tensors["step"].item<long>();
        foreach (var t in tensors.Values)
        {
            t.Dispose();
        }
    }

    public void Dispose()
    {
        _optG.Dispose();
        _optD.Dispose();
        _discriminator.Dispose();
    }
}
