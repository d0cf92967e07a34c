// The base of every layer: named parameters, buffers and children, train/eval mode, state I/O.
using MLNet.Gan.Torch.Native;

namespace MLNet.Gan.Torch.NN;

/// <summary>
/// A neural-network building block that owns named parameters (trainable tensors), buffers
/// (state such as running statistics) and child modules. Names nest with dots exactly as in
/// PyTorch (<c>main.0.weight</c>), so state dictionaries and safetensors files line up with
/// PyTorch models of the same structure.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<KeyValuePair<string, Tensor>> _parameters = new();
    private readonly List<KeyValuePair<string, Tensor>> _buffers = new();
    private readonly List<KeyValuePair<string, Module>> _children = new();
    private bool _disposed;

    /// <summary>True in training mode (the default), false after <see cref="Eval"/>.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Computes the module's output; records autograd history when gradients are enabled.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Adds a child module under <paramref name="name"/> and returns it.</summary>
    protected T RegisterModule<T>(string name, T module)
        where T : Module
    {
        CheckNewName(name);
        ArgumentNullException.ThrowIfNull(module);
        _children.Add(new(name, module));
        return module;
    }

    /// <summary>
    /// Adds a parameter and takes ownership of it: it leaves every dispose scope, requires
    /// gradients, and is disposed with this module.
    /// </summary>
    protected Tensor RegisterParameter(string name, Tensor value) => AddParameter(name, value);

    /// <summary>Adds a buffer (saved state that is not trained) and takes ownership of it.</summary>
    protected Tensor RegisterBuffer(string name, Tensor value) => AddBuffer(name, value);

    internal Tensor AddParameter(string name, Tensor value)
    {
        CheckNewName(name);
        ArgumentNullException.ThrowIfNull(value);
        value.DetachFromDisposeScope();
        value.RequiresGrad = true;
        _parameters.Add(new(name, value));
        return value;
    }

    internal Tensor AddBuffer(string name, Tensor value)
    {
        CheckNewName(name);
        ArgumentNullException.ThrowIfNull(value);
        value.DetachFromDisposeScope();
        _buffers.Add(new(name, value));
        return value;
    }

    /// <summary>
    /// Gives a parameter a new name and moves it to the end of the list, as PyTorch's reparametrisations do
    /// (they delete the parameter and register it again), so that parameter order matches too.
    /// </summary>
    internal void RenameParameter(string name, string newName)
    {
        var i = _parameters.FindIndex(p => p.Key == name);
        if (i < 0)
        {
            throw new ArgumentException($"{GetType().Name} has no parameter '{name}'", nameof(name));
        }

        CheckNewName(newName);
        var tensor = _parameters[i].Value;
        _parameters.RemoveAt(i);
        _parameters.Add(new(newName, tensor));
    }

    /// <summary>Adds a child whose entries appear at this module's level, without a name prefix.</summary>
    internal T AddInlineModule<T>(T module)
        where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        _children.Add(new(string.Empty, module));
        return module;
    }

    /// <summary>The direct children with their names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => _children.Select(c => (c.Key, c.Value));

    /// <summary>This module and every descendant, depth first.</summary>
    public IEnumerable<Module> Modules()
    {
        yield return this;
        foreach (var (_, child) in _children)
        {
            foreach (var m in child.Modules())
            {
                yield return m;
            }
        }
    }

    /// <summary>Every parameter with its dotted name (each tensor once), own parameters first.</summary>
    public IEnumerable<(string Name, Tensor Value)> NamedParameters()
    {
        // A fresh set per enumeration: the sequence can be enumerated any number of times.
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var entry in Walk(string.Empty, m => m._parameters))
        {
            if (seen.Add(entry.Value))
            {
                yield return entry;
            }
        }
    }

    /// <summary>Every buffer with its dotted name.</summary>
    public IEnumerable<(string Name, Tensor Value)> NamedBuffers() => Walk(string.Empty, m => m._buffers);

    /// <summary>Every parameter (what an optimizer trains).</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Value);

    private IEnumerable<(string Name, Tensor Value)> Walk(string prefix, Func<Module, List<KeyValuePair<string, Tensor>>> pick)
    {
        foreach (var (name, t) in pick(this))
        {
            yield return (prefix + name, t);
        }

        foreach (var (name, child) in _children)
        {
            var childPrefix = name.Length == 0 ? prefix : prefix + name + ".";
            foreach (var entry in child.Walk(childPrefix, pick))
            {
                yield return entry;
            }
        }
    }

    /// <summary>The live parameters and buffers by dotted name (not copies: writing to them changes the module).</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var result = new Dictionary<string, Tensor>();
        foreach (var (name, t) in NamedParameters().Concat(NamedBuffers()))
        {
            result.TryAdd(name, t);
        }

        return result;
    }

    /// <summary>
    /// Copies values into the parameters and buffers in place (references held elsewhere, e.g. by an
    /// optimizer, stay valid). Nothing is copied when a shape differs or, with <paramref name="strict"/>,
    /// when a key is unknown or missing; the exception lists every such key.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true) =>
        LoadStateDict(state, strict, source: null);

    private void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict, string? source)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = StateDict();
        var problems = new List<string>();
        if (strict)
        {
            problems.AddRange(state.Keys.Where(k => !own.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal)
                .Select(k => $"unexpected key '{k}' (shape [{string.Join(", ", state[k].Shape)}]) is not in {GetType().Name}"));
            problems.AddRange(own.Keys.Where(k => !state.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal)
                .Select(k => $"missing key '{k}' (the module expects shape [{string.Join(", ", own[k].Shape)}])"));
        }

        foreach (var (key, value) in state)
        {
            if (own.TryGetValue(key, out var target) && !target.Shape.SequenceEqual(value.Shape))
            {
                problems.Add($"shape mismatch for '{key}': the state has [{string.Join(", ", value.Shape)}] but the module has [{string.Join(", ", target.Shape)}]");
            }
        }

        if (problems.Count > 0)
        {
            var message = $"cannot load state into {GetType().Name}: " + string.Join("; ", problems);
            if (source is not null)
            {
                throw new InvalidDataException($"{source}: {message}");
            }

            throw new ArgumentException(message, nameof(state));
        }

        foreach (var (key, value) in state)
        {
            if (own.TryGetValue(key, out var target))
            {
                target.CopyFrom(value);
            }
        }
    }

    /// <summary>Writes the state dictionary to a safetensors file (atomically).</summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        Safetensors.Save(path, StateDict(), metadata);

    /// <summary>Loads a safetensors file written by <see cref="Save"/> (or by PyTorch for the same structure).</summary>
    public void Load(string path, bool strict = true)
    {
        var state = Safetensors.Load(path);
        try
        {
            LoadStateDict(state, strict, path);
        }
        finally
        {
            foreach (var t in state.Values)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>Sets training mode on this module and every descendant; returns this module.</summary>
    public Module Train(bool on = true)
    {
        foreach (var m in Modules())
        {
            m.IsTraining = on;
        }

        return this;
    }

    /// <summary>Sets evaluation mode (dropout off, batch norm on running statistics); returns this module.</summary>
    public Module Eval() => Train(false);

    /// <summary>
    /// Moves every parameter and buffer to <paramref name="device"/> in place: the same
    /// <see cref="Tensor"/> objects now live there, so optimizers built earlier keep working.
    /// </summary>
    public Module To(Device device)
    {
        foreach (var (_, t) in NamedParameters().Concat(NamedBuffers()))
        {
            NativeChecks.Check(NativeMethods.mg_nn_set_data_to(t.Handle, -1, (int)device.Type, device.Index));
        }

        return this;
    }

    /// <summary>Drops the gradients of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
        {
            p.ZeroGrad();
        }
    }

    /// <summary>Disposes every parameter, buffer and child module.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases owned tensors and children; override to release more, calling the base.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        foreach (var (_, t) in _parameters.Concat(_buffers))
        {
            t.Dispose();
        }

        foreach (var (_, child) in _children)
        {
            child.Dispose();
        }
    }

    private void CheckNewName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"name '{name}' must not contain '.'", nameof(name));
        }

        if (_parameters.Any(p => p.Key == name) || _buffers.Any(b => b.Key == name) || _children.Any(c => c.Key == name))
        {
            throw new ArgumentException($"{GetType().Name} already has an entry named '{name}'", nameof(name));
        }
    }
}
