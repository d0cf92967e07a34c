// A chain of modules applied in order; children are named "0", "1", ... as in torch.nn.Sequential.
namespace MLNet.Gan.Torch.NN;

/// <summary>Applies its modules one after another; the output of each is the input of the next.</summary>
/// <example><code>
/// var d = new Sequential(
///     new Conv2d(1, 16, 4, stride: 2, padding: 1), new LeakyReLU(0.2),
///     new Flatten(), new Linear(16 * 14 * 14, 1));
/// </code></example>
public sealed class Sequential : Module
{
    private readonly List<Module> _modules = new();

    /// <summary>Creates the chain from <paramref name="modules"/> in order.</summary>
    public Sequential(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var m in modules)
        {
            Append(m);
        }
    }

    /// <summary>Number of modules in the chain.</summary>
    public int Count => _modules.Count;

    /// <summary>The module at <paramref name="index"/>.</summary>
    public Module this[int index] => _modules[index];

    /// <summary>Adds <paramref name="module"/> at the end (named by its position) and returns this chain.</summary>
    public Sequential Append(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        RegisterModule(_modules.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        _modules.Add(module);
        return this;
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var m in _modules)
        {
            x = m.Forward(x);
        }

        return x;
    }
}
