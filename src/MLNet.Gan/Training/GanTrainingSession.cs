// The state of one GAN training run: networks, optimizers, moving average, sampler, step counter;
// one adversarial step; checkpoints that resume bit for bit.
using System.IO.Compression;
using MLNet.Gan.IO;
using MLNet.Gan.Networks;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MLNet.Gan.Training;

/// <summary>Losses and D outputs of one generator step.</summary>
internal readonly record struct StepStats(double DLoss, double GLoss, double DReal, double DFake, double GGradNorm = double.NaN);

internal sealed class GanTrainingSession : IDisposable
{
    private const string CheckpointFormat = "mlnet-gan-checkpoint/2";
    private const string FormatEntry = "format.txt";
    private readonly GanTrainer.Options _options;
    private readonly TorchSharp.Modules.Adam _optG;
    private readonly TorchSharp.Modules.Adam _optD;
    private nn.Module<Tensor, Tensor>? _handedOut;

    public GanTrainingSession(GanTrainer.Options options, GanDataset data, Device device)
    {
        _options = options;
        Data = data;
        Device = device;
        Context = new NetworkContext(data.Shape, options.LatentSize, data.NumClasses);
        Generator = NetworkFactory.CreateGenerator(options, Context).to(device);
        Discriminator = NetworkFactory.CreateDiscriminator(options, Context).to(device);
        NetworkFactory.CheckShapes(Generator, Discriminator, Context, device);
        ComputeType = MixedPrecision.Resolve(options.Precision, device);
        MixedPrecision.Apply(Generator, ComputeType); // the moving average below stays float32: it generates
        MixedPrecision.Apply(Discriminator, ComputeType);
        _optG = optim.Adam(Generator.parameters(), options.GeneratorLearningRate, options.GeneratorBeta1, options.GeneratorBeta2);
        _optD = optim.Adam(Discriminator.parameters(), options.DiscriminatorLearningRate, options.DiscriminatorBeta1, options.DiscriminatorBeta2);
        if (options.EmaDecay > 0)
        {
            var copy = NetworkFactory.CreateGenerator(options, Context).to(device);
            Average = new GeneratorAverage(copy, Generator, options.EmaDecay);
        }

        Sampler = new BatchSampler(data, options.BatchSize);
    }

    public GanDataset Data { get; }

    /// <summary>The dtype the networks' mixed-precision layers compute in while training.</summary>
    public ScalarType ComputeType { get; }

    public Device Device { get; }

    public NetworkContext Context { get; }

    public nn.Module<Tensor, Tensor> Generator { get; }

    public nn.Module<Tensor, Tensor> Discriminator { get; }

    public GeneratorAverage? Average { get; }

    public BatchSampler Sampler { get; }

    /// <summary>Generator steps done.</summary>
    public long Step { get; private set; }

    /// <summary>The generator to use for generation: the moving average when kept.</summary>
    public nn.Module<Tensor, Tensor> GenerationNetwork => Average?.Average ?? Generator;

    /// <summary>
    /// One generator step preceded by k discriminator steps, each on a fresh real batch.
    /// <paramref name="noiseStd"/> is the instance noise for this step. Call inside a dispose scope.
    /// </summary>
    public StepStats TrainStep(double noiseStd, out Tensor lastFake, out Tensor lastReal, out Tensor? lastLabels)
    {
        var loss = _options.Loss;
        var realTarget = 1.0 - _options.LabelSmoothing;
        double dLoss = 0, dReal = 0;
        Tensor real = null!, fake = null!;
        Tensor? labels = null;
        var droppedBefore = DroppedUpdates;
        SetRequiresGrad(Discriminator, true);
        for (var k = 0; k < _options.DiscriminatorSteps; k++)
        {
            (real, labels) = Sampler.Next(); // (B, C, H, W), (B)
            var z = randn(new[] { real.shape[0], (long)_options.LatentSize }, device: Device);
            var last = k == _options.DiscriminatorSteps - 1;
            using (last ? null : no_grad())
            {
                // The last D step's fake keeps its graph: the generator step below reuses it (one G forward saved).
                // Float32 for D: a custom discriminator of plain TorchSharp layers takes nothing else (the cast is B*C*H*W values).
                fake = MixedPrecision.ToFloat32(NetworkCalls.Run(Generator, z, labels)); // (B, C, H, W)
            }

            var scoreReal = Critic(AddNoise(real, noiseStd), labels);
            var scoreFake = Critic(AddNoise(fake.detach(), noiseStd), labels);
            var lossD = AdversarialLoss.Discriminator(loss, scoreReal, scoreFake, realTarget);
            if (loss == GanLoss.WassersteinGp)
            {
                var labelsForPenalty = labels;
                lossD = lossD + _options.GradientPenaltyWeight *
                    AdversarialLoss.GradientPenalty(x => Critic(x, labelsForPenalty), real, fake);
            }

            _optD.zero_grad();
            lossD.backward();
            StepIfFinite(_optD, Discriminator);
            dLoss = lossD.item<float>();
            dReal = AdversarialLoss.Report(loss, scoreReal);
        }

        // Generator step on the last D step's fake: D's weights are frozen so no gradient is spent on them.
        SetRequiresGrad(Discriminator, false);
        var scoreG = Critic(AddNoise(fake, noiseStd), labels);
        var lossG = AdversarialLoss.Generator(loss, scoreG);
        _optG.zero_grad();
        lossG.backward();
        var gradNorm = StepIfFinite(_optG, Generator);
        Average?.Update(Step);
        DroppedInARow = DroppedUpdates > droppedBefore ? DroppedInARow + 1 : 0;
        Step++;
        lastFake = fake;
        lastReal = real;
        lastLabels = labels;
        return new StepStats(dLoss, lossG.item<float>(), dReal, AdversarialLoss.Report(loss, scoreG), gradNorm);
    }

    /// <summary>Optimizer updates dropped so far because their gradients were not finite.</summary>
    public long DroppedUpdates { get; private set; }

    /// <summary>Consecutive steps up to now that dropped at least one update (0 after a step whose updates all went through).</summary>
    public int DroppedInARow { get; private set; }

    // Counts the updates TryStep drops, for the loop's warning and its stop when they keep coming.
    private double StepIfFinite(optim.Optimizer optimizer, nn.Module module)
    {
        if (!TryStep(optimizer, module, out var norm))
        {
            DroppedUpdates++;
        }

        return norm;
    }

    /// <summary>
    /// Applies <paramref name="optimizer"/>'s update unless <paramref name="module"/>'s gradients hold a NaN or an
    /// infinity (their norm is not finite): libtorch 2.10's CPU convolution now and then returns a non-finite input
    /// gradient (README, known issues), and one such update would turn every weight into NaN. A dropped update's
    /// gradients are cleared. Shared by the GAN and the colorizer trainers.
    /// </summary>
    /// <returns>Whether the update was applied; <paramref name="gradientNorm"/> is the gradients' L2 norm either way.</returns>
    internal static bool TryStep(optim.Optimizer optimizer, nn.Module module, out double gradientNorm)
    {
        gradientNorm = GradientNorm(module);
        if (double.IsFinite(gradientNorm))
        {
            optimizer.step();
            return true;
        }

        optimizer.zero_grad();
        return false;
    }

    // L2 norm of all of a module's parameter gradients together: sqrt(sum over parameters of |grad|^2).
    internal static double GradientNorm(nn.Module module)
    {
        using var scope = NewDisposeScope();
        var squares = module.parameters().Where(p => p.grad is not null).Select(p => p.grad!.square().sum()).ToList();
        return squares.Count == 0 ? 0 : Math.Sqrt(stack(squares).sum().item<float>());
    }

    /// <summary>Writes everything needed to continue exactly into one zip, replaced atomically.</summary>
    public void SaveCheckpoint(string path)
    {
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>();
        Add(tensors, "generator.", Generator.state_dict());
        Add(tensors, "discriminator.", Discriminator.state_dict());
        if (Average is not null)
        {
            Add(tensors, "average.", Average.Average.state_dict());
        }

        Add(tensors, string.Empty, Sampler.State());
        tensors["rng"] = random.get_rng_state();
        tensors["step"] = tensor(new[] { Step });
        var cpu = tensors.ToDictionary(p => p.Key, p => p.Value.device_type == DeviceType.CPU ? p.Value : p.Value.cpu());
        WriteCheckpoint(path, CheckpointFormat, cpu, _optG, _optD);
    }

    /// <summary>Restores a checkpoint written by <see cref="SaveCheckpoint"/>.</summary>
    public void LoadCheckpoint(string path)
    {
        var tensors = ReadCheckpoint(path, CheckpointFormat, "an MLNet.Gan checkpoint", t =>
        {
            Load(Generator, Prefixed(t, "generator."));
            Load(Discriminator, Prefixed(t, "discriminator."));
            if (Average is not null)
            {
                Load(Average.Average, Prefixed(t, "average."));
            }
        }, _optG, _optD, "these options (architecture, image shape, classes, latent size)");
        Sampler.Load(tensors);
        random.set_rng_state(tensors["rng"]);
        Step = tensors["step"].item<long>();
        foreach (var t in tensors.Values)
        {
            t.Dispose();
        }
    }

    /// <summary>
    /// Writes a checkpoint zip (replaced atomically): <paramref name="format"/>, the CPU <paramref name="tensors"/> as
    /// safetensors and both optimizers' states. Shared by the image and tabular GAN trainers.
    /// </summary>
    internal static void WriteCheckpoint(string path, string format, Dictionary<string, Tensor> tensors, TorchSharp.Modules.Adam optG, TorchSharp.Modules.Adam optD) =>
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            GanModelFile.WriteEntry(zip, FormatEntry, s => s.Write(System.Text.Encoding.UTF8.GetBytes(format)));
            GanModelFile.WriteEntry(zip, "state.safetensors", s => Safetensors.SaveStateDict(s, tensors, leaveOpen: true));
            GanModelFile.WriteEntry(zip, "optimizer_g.pt", s => optG.save_py(s, leaveOpen: true));
            GanModelFile.WriteEntry(zip, "optimizer_d.pt", s => optD.save_py(s, leaveOpen: true));
        });

    /// <summary>
    /// Reads a checkpoint written by <see cref="WriteCheckpoint"/>: checks its format (else "not <paramref name="what"/>"),
    /// hands its tensors to <paramref name="restore"/>, loads both optimizers' states, and returns the tensors (the caller
    /// disposes them). Weights that do not fit are an error that says they do not match <paramref name="mismatch"/>.
    /// </summary>
    internal static Dictionary<string, Tensor> ReadCheckpoint(string path, string format, string what, Action<Dictionary<string, Tensor>> restore,
        TorchSharp.Modules.Adam optG, TorchSharp.Modules.Adam optD, string mismatch)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: not {what} (not a zip file: {e.Message})", e);
        }

        using (zip)
        {
            string? found = null;
            if (zip.GetEntry(FormatEntry) is not null)
            {
                using var reader = new StreamReader(GanModelFile.OpenEntry(zip, FormatEntry, path, "the checkpoint"));
                found = reader.ReadToEnd();
            }

            if (found != format)
            {
                throw new InvalidDataException($"{path}: not {what} (format '{found}', expected '{format}')");
            }

            Dictionary<string, Tensor> tensors;
            using (var s = GanModelFile.OpenEntry(zip, "state.safetensors", path, "the checkpoint"))
            {
                tensors = Safetensors.LoadStateDict(s);
            }

            try
            {
                restore(tensors);
                using (var s = GanModelFile.OpenEntry(zip, "optimizer_g.pt", path, "the checkpoint"))
                {
                    optG.load_py(s);
                }

                using (var s = GanModelFile.OpenEntry(zip, "optimizer_d.pt", path, "the checkpoint"))
                {
                    optD.load_py(s);
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
            {
                throw new InvalidDataException($"{path}: the checkpoint does not match {mismatch}: {e.Message}", e);
            }

            return tensors;
        }
    }

    /// <summary>Hands the generation network to the caller: the session no longer disposes it.</summary>
    public nn.Module<Tensor, Tensor> DetachGenerationNetwork()
    {
        _handedOut = GenerationNetwork;
        MixedPrecision.Apply(_handedOut, ScalarType.Float32); // the fitted model generates in float32 (it is the training G without EMA)
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

    /// <summary>Loads a state dict strictly: a missing or extra key or a shape mismatch is an error.</summary>
    internal static void Load(nn.Module module, Dictionary<string, Tensor> state)
    {
        var own = module.state_dict();
        foreach (var (name, value) in own)
        {
            if (!state.TryGetValue(name, out var given))
            {
                throw new KeyNotFoundException($"'{name}' is missing");
            }

            if (!given.shape.SequenceEqual(value.shape))
            {
                throw new ArgumentException($"'{name}' has shape [{string.Join(", ", given.shape)}], expected [{string.Join(", ", value.shape)}]");
            }
        }

        var extra = state.Keys.Except(own.Keys).ToList();
        if (extra.Count > 0)
        {
            throw new ArgumentException($"unexpected weights: {string.Join(", ", extra.Take(5))}");
        }

        module.load_state_dict(state, strict: true);
    }

    private Tensor Critic(Tensor images, Tensor? labels)
    {
        var score = MixedPrecision.ToFloat32(NetworkCalls.Run(Discriminator, images, labels)); // losses in float32
        return score.Dimensions == 2 ? score.squeeze(1) : score; // (B)
    }

    private static Tensor AddNoise(Tensor images, double std) =>
        std > 0 ? images + std * randn_like(images) : images;

    private static void SetRequiresGrad(nn.Module module, bool value)
    {
        foreach (var p in module.parameters())
        {
            p.requires_grad = value;
        }
    }

    private static void Add(Dictionary<string, Tensor> into, string prefix, IReadOnlyDictionary<string, Tensor> from)
    {
        foreach (var (k, v) in from)
        {
            into[prefix + k] = v;
        }
    }

    internal static Dictionary<string, Tensor> Prefixed(IReadOnlyDictionary<string, Tensor> all, string prefix) =>
        all.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal))
           .ToDictionary(p => p.Key[prefix.Length..], p => p.Value);
}
