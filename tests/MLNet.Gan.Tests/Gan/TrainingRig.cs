// A training run set up exactly as GanTrainer.Fit sets it up (seed, data, session), opened up so tests can look
// at the networks, the sampler and the weights between steps; weight snapshots and comparisons.
using Microsoft.ML;
using MLNet.Gan.Runtime;
using MLNet.Gan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Gan;

internal sealed class TrainingRig : IDisposable
{
    private readonly GanDataset _data;

    public TrainingRig(IDataView data, GanTrainer.Options options)
    {
        TorchRuntime.EnsureLoaded();
        Options = options;
        random.manual_seed(options.Seed ?? 0);
        Info = new GanModelInfo();
        _data = TrainingDataReader.Read(data, options, Info);
        Session = new GanTrainingSession(options, _data, CPU);
    }

    public GanTrainer.Options Options { get; }

    public GanModelInfo Info { get; }

    public GanTrainingSession Session { get; }

    /// <summary>One generator step (after k discriminator steps) with the given instance noise.</summary>
    public StepStats Step(double noise = 0)
    {
        using var scope = NewDisposeScope();
        return Session.TrainStep(noise, out _, out _, out _);
    }

    /// <summary>The training loop of Fit, to its budget.</summary>
    public TrainingHistory Run() => GanTrainingLoop.Run(Session, Options);

    /// <summary>A copy of every parameter's values, by name.</summary>
    public static Dictionary<string, float[]> Weights(nn.Module module) =>
        module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().cpu().data<float>().ToArray());

    /// <summary>A copy of every state-dict entry (parameters and buffers) as float values, by name.</summary>
    public static Dictionary<string, float[]> State(nn.Module module) =>
        module.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().cpu().to_type(ScalarType.Float32).data<float>().ToArray());

    /// <summary>Parameters (trainable values) in <paramref name="module"/>.</summary>
    public static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());

    /// <summary>
    /// Checks every parameter moved; with <paramref name="biasesMayStay"/> biases are exempt (under the Wasserstein loss
    /// mean D(fake) - mean D(real) a bias whose layer stays in one linear region gets exactly zero gradient).
    /// </summary>
    public static void AssertEveryWeightChanged(Dictionary<string, float[]> before, Dictionary<string, float[]> after, string network, bool biasesMayStay = false)
    {
        CollectionAssert.AreEquivalent(before.Keys.ToList(), after.Keys.ToList(), $"{network}: same parameters");
        foreach (var (name, values) in before)
        {
            Assert.IsTrue(after[name].All(float.IsFinite), $"{network}.{name} has non-finite values");
            if (biasesMayStay && name.EndsWith("bias", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.IsFalse(values.SequenceEqual(after[name]), $"{network}.{name} did not change");
        }
    }

    /// <summary>Checks two snapshots hold the same names and bit-identical values.</summary>
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

    /// <summary>The largest absolute difference between two equally long arrays.</summary>
    public static float MaxDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.AreEqual(a.Length, b.Length, "lengths");
        var worst = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        }

        return worst;
    }

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
