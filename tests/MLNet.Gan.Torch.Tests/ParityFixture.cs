// Loads a PyTorch reference fixture (tests/reference/nn_reference.py) and compares tensors against it.
namespace MLNet.Gan.Torch.Tests;

/// <summary>One safetensors fixture file, read once; its tensors live for the whole test run.</summary>
internal sealed class ParityFixture
{
    private readonly Dictionary<string, Tensor> _tensors;

    public ParityFixture(string fileName)
    {
        using (Torch.NewScope())
        {
            _tensors = Safetensors.Load(RepoPaths.Fixture(fileName), out var metadata);
            foreach (var t in _tensors.Values)
            {
                t.DetachFromDisposeScope();
            }

            Metadata = metadata;
        }
    }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public Tensor this[string key] =>
        _tensors.TryGetValue(key, out var t) ? t : throw new KeyNotFoundException($"fixture has no tensor '{key}'");

    public bool Contains(string key) => _tensors.ContainsKey(key);

    /// <summary>The entries under "<paramref name="prefix"/>." with the prefix removed.</summary>
    public Dictionary<string, Tensor> Section(string prefix) =>
        _tensors.Where(kv => kv.Key.StartsWith(prefix + ".", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[(prefix.Length + 1)..], kv => kv.Value);
}

/// <summary>Tensor comparisons with a combined absolute and relative tolerance.</summary>
internal static class ParityAssert
{
    /// <summary>
    /// Asserts equal shapes and |actual - expected| ≤ tol·(1 + |expected|) everywhere; NaN or an infinity passes
    /// only where PyTorch gives the same at the same place (<see cref="TensorAssert.Within"/>).
    /// </summary>
    public static void Close(Tensor expected, Tensor? actual, double tolerance, string what) =>
        TensorAssert.Within(expected, actual, tolerance, tolerance, what);

    /// <summary>Asserts bit-identical float32 contents.</summary>
    public static void Identical(Tensor expected, Tensor actual, string what)
    {
        CollectionAssert.AreEqual(expected.Shape, actual.Shape, $"{what}: shape differs");
        CollectionAssert.AreEqual(expected.ToArray<float>(), actual.ToArray<float>(), $"{what}: values differ");
    }
}
