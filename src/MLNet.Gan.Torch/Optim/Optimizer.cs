// The base of the optimizers: parameters, per-parameter state tensors, hyper-parameters, state I/O.
namespace MLNet.Gan.Torch.Optim;

/// <summary>
/// Updates a fixed list of parameters from their gradients. All state (per-parameter tensors, step
/// counts, hyper-parameters) is exposed as tensors by <see cref="StateDict"/> so that it can go into a
/// safetensors checkpoint and training can resume bit-identically with <see cref="LoadStateDict"/>.
/// </summary>
public abstract class Optimizer : IDisposable
{
    private readonly List<Tensor> _parameters;
    private readonly List<(string Name, Tensor[] PerParameter)> _state = new();
    private readonly List<(string Name, Func<double> Get, Action<double> Set)> _hyper = new();
    private bool _disposed;

    /// <summary>Takes the parameters to train (at least one) and the learning rate.</summary>
    protected Optimizer(IEnumerable<Tensor> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToList();
        if (_parameters.Count == 0)
        {
            throw new ArgumentException("the optimizer got an empty parameter list", nameof(parameters));
        }

        if (_parameters.Any(p => p is null))
        {
            throw new ArgumentException("the parameter list contains null", nameof(parameters));
        }

        LearningRate = learningRate;
        StepCounts = new long[_parameters.Count];
        AddHyperParameter("lr", () => LearningRate, v => LearningRate = v);
    }

    /// <summary>The learning rate; may be changed between steps (e.g. by a schedule).</summary>
    public double LearningRate
    {
        get;
        set
        {
            if (!(value >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "learning rate must be a non-negative number");
            }

            field = value;
        }
    }

    /// <summary>The parameters this optimizer updates.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>How many updates each parameter received (parameters without a gradient are skipped).</summary>
    protected long[] StepCounts { get; }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public abstract void Step();

    /// <summary>Drops the gradients of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            p.ZeroGrad();
        }
    }

    /// <summary>
    /// Copies of the full state: <c>state.{i}.step</c> (int64), <c>state.{i}.{name}</c> per parameter i,
    /// and <c>hyper.{name}</c> (float64 scalars). The caller owns the returned tensors.
    /// </summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var result = new Dictionary<string, Tensor>();
        for (var i = 0; i < _parameters.Count; i++)
        {
            result[$"state.{i}.step"] = Tensor.From(new[] { StepCounts[i] }, Array.Empty<long>());
            foreach (var (name, perParameter) in _state)
            {
                result[$"state.{i}.{name}"] = perParameter[i].Clone();
            }
        }

        foreach (var (name, get, _) in _hyper)
        {
            result[$"hyper.{name}"] = Tensor.From(new[] { get() }, Array.Empty<long>());
        }

        return result;
    }

    /// <summary>
    /// Restores a state from <see cref="StateDict"/> (of an optimizer of the same kind over parameters of the
    /// same shapes). Nothing changes when a key is missing or unknown or a shape differs; the exception lists them.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var expected = new Dictionary<string, long[]>();
        for (var i = 0; i < _parameters.Count; i++)
        {
            expected[$"state.{i}.step"] = Array.Empty<long>();
            foreach (var (name, perParameter) in _state)
            {
                expected[$"state.{i}.{name}"] = perParameter[i].Shape;
            }
        }

        foreach (var (name, _, _) in _hyper)
        {
            expected[$"hyper.{name}"] = Array.Empty<long>();
        }

        var problems = new List<string>();
        problems.AddRange(state.Keys.Where(k => !expected.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).Select(k => $"unexpected key '{k}'"));
        problems.AddRange(expected.Keys.Where(k => !state.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).Select(k => $"missing key '{k}'"));
        foreach (var (key, shape) in expected)
        {
            if (state.TryGetValue(key, out var t) && t.NumberOfElements != shape.Aggregate(1L, (a, b) => a * b))
            {
                problems.Add($"shape mismatch for '{key}': the state has [{string.Join(", ", t.Shape)}] but [{string.Join(", ", shape)}] is expected");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"cannot load state into {GetType().Name}: " + string.Join("; ", problems), nameof(state));
        }

        for (var i = 0; i < _parameters.Count; i++)
        {
            StepCounts[i] = state[$"state.{i}.step"].ToInt64();
            foreach (var (name, perParameter) in _state)
            {
                perParameter[i].CopyFrom(state[$"state.{i}.{name}"].Reshape(perParameter[i].Shape));
            }
        }

        foreach (var (name, _, set) in _hyper)
        {
            set(state[$"hyper.{name}"].ToDouble());
        }
    }

    /// <summary>Frees the state tensors (not the parameters).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the state tensors; override to release more, calling the base.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        foreach (var (_, perParameter) in _state)
        {
            foreach (var t in perParameter)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>Adds a per-parameter state tensor (zeros shaped like each parameter) and returns the array.</summary>
    protected Tensor[] AddParameterState(string name)
    {
        var tensors = _parameters
            .Select(p => Torch.Zeros(p.Shape, p.Dtype, p.Device).DetachFromDisposeScope())
            .ToArray();
        _state.Add((name, tensors));
        return tensors;
    }

    /// <summary>Adds a hyper-parameter that <see cref="StateDict"/> saves and <see cref="LoadStateDict"/> restores.</summary>
    protected void AddHyperParameter(string name, Func<double> get, Action<double> set) => _hyper.Add((name, get, set));

    /// <summary>The raw handles of the parameters for a native step call.</summary>
    internal IntPtr[] ParameterHandles() => Tensor.RawHandles(_parameters);

    /// <summary>Throws when the optimizer was disposed.</summary>
    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
