// The state of one GAN training run: networks, optimizers, moving average, sampler, step counter;
// one adversarial step; checkpoints that resume bit for bit.
using MLNet.Gan.Networks;
using MLNet.Gan.Torch;
using MLNet.Gan.Torch.NN;
using MLNet.Gan.Torch.Optim;

namespace MLNet.Gan.Training;

using Torch = MLNet.Gan.Torch.Torch;

/// <summary>Losses and D outputs of one generator step.</summary>
internal readonly record struct StepStats(double DLoss, double GLoss, double DReal, double DFake);

internal sealed class GanTrainingSession : IDisposable
{
    private const string CheckpointFormat = "mlnet-gan-checkpoint/1";
    private readonly GanTrainer.Options _options;
    private readonly Adam _optG;
    private readonly Adam _optD;
    private Module? _handedOut;

    public GanTrainingSession(GanTrainer.Options options, GanDataset data, Device device)
    {
        _options = options;
        Data = data;
        Device = device;
        Context = new NetworkContext(data.Shape, options.LatentSize, data.NumClasses);
        Generator = NetworkFactory.CreateGenerator(options, Context).To(device);
        Discriminator = NetworkFactory.CreateDiscriminator(options, Context).To(device);
        NetworkFactory.CheckShapes(Generator, Discriminator, Context, device);
        _optG = new Adam(Generator.Parameters(), options.GeneratorLearningRate, options.GeneratorBeta1, options.GeneratorBeta2);
        _optD = new Adam(Discriminator.Parameters(), options.DiscriminatorLearningRate, options.DiscriminatorBeta1, options.DiscriminatorBeta2);
        if (options.EmaDecay > 0)
        {
            var copy = NetworkFactory.CreateGenerator(options, Context).To(device);
            Average = new GeneratorAverage(copy, Generator, options.EmaDecay);
        }

        Sampler = new BatchSampler(data, options.BatchSize);
    }

    public GanDataset Data { get; }

    public Device Device { get; }

    public NetworkContext Context { get; }

    public Module Generator { get; }

    public Module Discriminator { get; }

    public GeneratorAverage? Average { get; }

    public BatchSampler Sampler { get; }

    /// <summary>Generator steps done.</summary>
    public long Step { get; private set; }

    /// <summary>The generator to use for generation: the moving average when kept.</summary>
    public Module GenerationNetwork => Average?.Average ?? Generator;

    /// <summary>
    /// One generator step preceded by k discriminator steps, each on a fresh real batch.
    /// <paramref name="noiseStd"/> is the instance noise for this step.
    /// </summary>
    public StepStats TrainStep(double noiseStd, out Tensor lastFake, out Tensor lastReal, out Tensor? lastLabels)
    {
        var loss = _options.Loss;
        var realTarget = 1.0 - _options.LabelSmoothing;
        double dLoss = 0, dReal = 0;
        Tensor real = null!, fake = null!;
        Tensor? labels = null;
        SetRequiresGrad(Discriminator, true);
        for (var k = 0; k < _options.DiscriminatorSteps; k++)
        {
            (real, labels) = Sampler.Next(); // (B, C, H, W), (B)
            var batch = real.Size(0);
            Tensor z = Torch.Randn(new[] { batch, (long)_options.LatentSize }, device: Device);
            using (Torch.NoGrad())
            {
                fake = NetworkCalls.Run(Generator, z, labels); // (B, C, H, W)
            }

            var scoreReal = Critic(AddNoise(real, noiseStd), labels);
            var scoreFake = Critic(AddNoise(fake, noiseStd), labels);
            var lossD = AdversarialLoss.Discriminator(loss, scoreReal, scoreFake, realTarget);
            if (loss == GanLoss.WassersteinGp)
            {
                var labelsForPenalty = labels;
                lossD = lossD + _options.GradientPenaltyWeight *
                    AdversarialLoss.GradientPenalty(x => Critic(x, labelsForPenalty), real, fake);
            }

            _optD.ZeroGrad();
            lossD.Backward();
            _optD.Step();
            dLoss = lossD.ToDouble();
            dReal = AdversarialLoss.Report(loss, scoreReal);
        }

        // Generator step: D's weights are frozen so no gradient is spent on them.
        SetRequiresGrad(Discriminator, false);
        var zG = Torch.Randn(new[] { real.Size(0), (long)_options.LatentSize }, device: Device);
        fake = NetworkCalls.Run(Generator, zG, labels);
        var scoreG = Critic(AddNoise(fake, noiseStd), labels);
        var lossG = AdversarialLoss.Generator(loss, scoreG);
        _optG.ZeroGrad();
        lossG.Backward();
        _optG.Step();
        Average?.Update(Step);
        Step++;
        lastFake = fake;
        lastReal = real;
        lastLabels = labels;
        return new StepStats(dLoss, lossG.ToDouble(), dReal, AdversarialLoss.Report(loss, scoreG));
    }

    /// <summary>Writes everything needed to continue exactly, atomically.</summary>
    public void SaveCheckpoint(string path)
    {
        using var scope = Torch.NewScope();
        var tensors = new Dictionary<string, Tensor>();
        Add(tensors, "generator.", Generator.StateDict());
        Add(tensors, "discriminator.", Discriminator.StateDict());
        if (Average is not null)
        {
            Add(tensors, "average.", Average.Average.StateDict());
        }

        Add(tensors, "opt_g.", _optG.StateDict());
        Add(tensors, "opt_d.", _optD.StateDict());
        Add(tensors, string.Empty, Sampler.State());
        tensors["rng"] = Torch.GetRngState();
        tensors["step"] = Tensor.From(new[] { Step });
        var cpu = tensors.ToDictionary(p => p.Key, p => p.Value.Device.IsCuda ? p.Value.To(Device.Cpu) : p.Value);
        Safetensors.Save(path, cpu, new Dictionary<string, string> { ["format"] = CheckpointFormat });
    }

    /// <summary>Restores a checkpoint written by <see cref="SaveCheckpoint"/>.</summary>
    public void LoadCheckpoint(string path)
    {
        var tensors = Safetensors.Load(path, out var meta);
        try
        {
            if (!meta.TryGetValue("format", out var format) || format != CheckpointFormat)
            {
                throw new InvalidDataException($"{path}: not an MLNet.Gan checkpoint (format '{format}', expected '{CheckpointFormat}')");
            }

            try
            {
                Generator.LoadStateDict(Prefixed(tensors, "generator."));
                Discriminator.LoadStateDict(Prefixed(tensors, "discriminator."));
                Average?.Average.LoadStateDict(Prefixed(tensors, "average."));
                _optG.LoadStateDict(Prefixed(tensors, "opt_g."));
                _optD.LoadStateDict(Prefixed(tensors, "opt_d."));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
            {
                throw new InvalidDataException(
                    $"{path}: the checkpoint does not match these options (architecture, image shape, classes, latent size): {e.Message}", e);
            }

            Sampler.Load(tensors);
            Torch.SetRngState(tensors["rng"]);
            Step = tensors["step"].ToInt64();
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>Hands the generation network to the caller: the session no longer disposes it.</summary>
    public Module DetachGenerationNetwork()
    {
        _handedOut = GenerationNetwork;
        return _handedOut;
    }

    public void Dispose()
    {
        _optG.Dispose();
        _optD.Dispose();
        Sampler.Dispose();
        Discriminator.Dispose();
        foreach (var m in new[] { Generator, Average?.Average })
        {
            if (m is not null && !ReferenceEquals(m, _handedOut))
            {
                m.Dispose();
            }
        }
    }

    private Tensor Critic(Tensor images, Tensor? labels)
    {
        var score = NetworkCalls.Run(Discriminator, images, labels);
        return score.Dim == 2 ? score.Squeeze(1) : score; // (B)
    }

    private static Tensor AddNoise(Tensor images, double std) =>
        std > 0 ? images + std * Torch.RandnLike(images) : images;

    private static void SetRequiresGrad(Module module, bool value)
    {
        foreach (var p in module.Parameters())
        {
            p.RequiresGrad = value;
        }
    }

    private static void Add(Dictionary<string, Tensor> into, string prefix, IReadOnlyDictionary<string, Tensor> from)
    {
        foreach (var (k, v) in from)
        {
            into[prefix + k] = v;
        }
    }

    private static Dictionary<string, Tensor> Prefixed(IReadOnlyDictionary<string, Tensor> all, string prefix) =>
        all.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal))
           .ToDictionary(p => p.Key[prefix.Length..], p => p.Value);
}
