// A training run set up exactly as GanTrainer.Fit sets it up (seed, data, session), opened up so tests can look
// at the networks, the sampler and the weights between steps.
using MLNet.Gan.Data;
using MLNet.Gan.Torch;
using MLNet.Gan.Torch.NN;
using MLNet.Gan.Training;

namespace MLNet.Gan.Tests;

internal sealed class TrainingRig : IDisposable
{
    private readonly GanDataset _data;

    public TrainingRig(IDataView data, GanTrainer.Options options)
    {
        Options = options;
        Torch.Torch.ManualSeed(options.Seed ?? 0);
        _data = TrainingDataReader.Read(data, options, new GanModelInfo());
        Session = new GanTrainingSession(options, _data, Device.Cpu);
    }

    public GanTrainer.Options Options { get; }

    public GanTrainingSession Session { get; }

    /// <summary>One generator step (after k discriminator steps) with the given instance noise.</summary>
    public StepStats Step(double noise = 0)
    {
        using var scope = Torch.Torch.NewScope();
        return Session.TrainStep(noise, out _, out _, out _);
    }

    /// <summary>The training loop of Fit, to its budget.</summary>
    public TrainingHistory Run() => GanTrainingLoop.Run(Session, Options);

    /// <summary>A copy of every parameter's values, by name.</summary>
    public static Dictionary<string, float[]> Weights(Module module) =>
        module.NamedParameters().ToDictionary(p => p.Name, p => p.Value.ToArray<float>());

    /// <summary>Parameters (trainable values) in <paramref name="module"/>.</summary>
    public static long ParameterCount(Module module) => module.Parameters().Sum(p => p.NumberOfElements);

    /// <summary>
    /// Checks every parameter moved; with <paramref name="biasesMayStay"/> biases are exempt (under the Wasserstein loss
    /// mean D(fake) - mean D(real) a bias whose layer stays in one linear region gets exactly zero gradient).
    /// </summary>
    public static void AssertEveryWeightChanged(Dictionary<string, float[]> before, Dictionary<string, float[]> after, string network, bool biasesMayStay = false)
    {
        CollectionAssert.AreEquivalent(before.Keys.ToList(), after.Keys.ToList(), $"{network}: same parameters");
        foreach (var (name, values) in before)
        {
            if (biasesMayStay && name.EndsWith("bias", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.IsTrue(after[name].All(float.IsFinite), $"{network}.{name} has non-finite values");
            Assert.IsFalse(values.SequenceEqual(after[name]), $"{network}.{name} did not change");
        }
    }

    public static void AssertSameWeights(Dictionary<string, float[]> expected, Dictionary<string, float[]> actual, string network)
    {
        CollectionAssert.AreEquivalent(expected.Keys.ToList(), actual.Keys.ToList(), $"{network}: same parameters");
        foreach (var (name, values) in expected)
        {
            CollectionAssert.AreEqual(values, actual[name], $"{network}.{name} differs");
        }
    }

    public static bool SameWeights(Dictionary<string, float[]> a, Dictionary<string, float[]> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && p.Value.SequenceEqual(v));

    public void Dispose()
    {
        Session.Dispose();
        _data.Dispose();
    }
}

/// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
