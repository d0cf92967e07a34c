// Frees every tensor created inside it unless moved out, so a training loop runs in flat memory.
namespace MLNet.Gan.Torch;

/// <summary>
/// Owns the tensors created on this thread while it is the innermost open scope and disposes
/// them when it is disposed. Keep a result with <see cref="Tensor.MoveToOuterScope"/> (to the
/// enclosing scope, or to nobody when there is none) or <see cref="Tensor.DetachFromDisposeScope"/>.
/// </summary>
/// <example><code>
/// using (var scope = Torch.NewScope())
/// {
///     var loss = (model.Forward(x) - y).Square().Mean();
///     loss.Backward();
/// } // every temporary above is freed here
/// </code></example>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic]
    private static DisposeScope? t_current;

    private readonly List<Tensor> _owned = new();
    private bool _disposed;

    internal DisposeScope()
    {
        Parent = t_current;
        t_current = this;
    }

    /// <summary>The innermost open scope of this thread, or null.</summary>
    public static DisposeScope? Current => t_current;

    /// <summary>The scope that was current when this one opened.</summary>
    public DisposeScope? Parent { get; }

    /// <summary>How many live tensors this scope owns now.</summary>
    public int Count => _owned.Count(t => ReferenceEquals(t.OwnerScope, this) && !t.IsDisposed);

    /// <summary>Takes ownership of <paramref name="tensor"/> (moving it from any other scope).</summary>
    public void Include(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ObjectDisposedException.ThrowIf(_disposed, this);
        tensor.OwnerScope = this;
        _owned.Add(tensor);
    }

    /// <summary>Disposes every tensor this scope still owns and closes the scope.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var t in _owned)
        {
            if (ReferenceEquals(t.OwnerScope, this))
            {
                t.OwnerScope = null;
                t.Dispose();
            }
        }

        _owned.Clear();

        // Scopes close in order on one thread; a scope disposed out of order unlinks itself.
        if (ReferenceEquals(t_current, this))
        {
            t_current = Parent;
            while (t_current is { _disposed: true })
            {
                t_current = t_current.Parent;
            }
        }
    }

    internal static void Attach(Tensor tensor)
    {
        var scope = t_current;
        if (scope is not null)
        {
            tensor.OwnerScope = scope;
            scope._owned.Add(tensor);
        }
    }
}
