// The entry point (ML.NET's MLContext): seed, shared randomness, logging, cancellation and the catalogs.
namespace MLNet.Gan.Data;

/// <summary>
/// The shared context of a pipeline, like ML.NET's MLContext: catalogs of operations (<see cref="Data"/>,
/// <see cref="Transforms"/>, <see cref="Model"/>) plus the state components share: the seed and a
/// <see cref="Random"/> drawn from it, a log and a cancellation flag. Other projects extend the catalogs
/// and the context with extension members (e.g. <c>ctx.Gan</c>). Not thread-safe.
/// </summary>
public sealed class GanContext
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>Creates a context; with a <paramref name="seed"/>, everything random in it is reproducible.</summary>
    public GanContext(int? seed = null)
    {
        Seed = seed;
        Random = seed is int s ? new Random(s) : new Random();
        Data = new DataOperationsCatalog(this);
        Transforms = new TransformsCatalog(this);
        Model = new ModelOperationsCatalog(this);
    }

    /// <summary>The seed given at construction, or null (then runs are not reproducible).</summary>
    public int? Seed { get; }

    /// <summary>The random source of components that need one (seeded from <see cref="Seed"/>).</summary>
    public Random Random { get; }

    /// <summary>Loading, shuffling, splitting, caching and enumerating data.</summary>
    public DataOperationsCatalog Data { get; }

    /// <summary>Column transforms (conversion, concatenation, selection, normalisation; images add more).</summary>
    public TransformsCatalog Transforms { get; }

    /// <summary>Saving and loading model files.</summary>
    public ModelOperationsCatalog Model { get; }

    /// <summary>Raised for each message a component logs (progress, warnings).</summary>
    public event EventHandler<LoggingEventArgs>? Log;

    /// <summary>Set once <see cref="CancelExecution"/> was called; long-running components stop at their next check.</summary>
    public CancellationToken CancellationToken => _cancel.Token;

    /// <summary>A seed for a component: <paramref name="explicitSeed"/> when given, else the next draw of <see cref="Random"/>.</summary>
    public int NextSeed(int? explicitSeed = null) => explicitSeed ?? Random.Next();

    /// <summary>Asks running components to stop.</summary>
    public void CancelExecution() => _cancel.Cancel();

    /// <summary>Logs <paramref name="message"/> from <paramref name="source"/> to the <see cref="Log"/> subscribers.</summary>
    public void WriteLog(string source, string message, LogSeverity severity = LogSeverity.Info) =>
        Log?.Invoke(this, new LoggingEventArgs(source, message, severity));
}

/// <summary>How important a log message is.</summary>
public enum LogSeverity
{
    /// <summary>Detail for debugging.</summary>
    Trace,

    /// <summary>Progress and information.</summary>
    Info,

    /// <summary>Something probably wrong that did not stop the work.</summary>
    Warning,

    /// <summary>A failure.</summary>
    Error,
}

/// <summary>One logged message.</summary>
public sealed class LoggingEventArgs : EventArgs
{
    /// <summary>Creates a log message.</summary>
    public LoggingEventArgs(string source, string message, LogSeverity severity)
    {
        Source = source;
        Message = message;
        Kind = severity;
    }

    /// <summary>The component that logged.</summary>
    public string Source { get; }

    /// <summary>The text.</summary>
    public string Message { get; }

    /// <summary>The severity.</summary>
    public LogSeverity Kind { get; }

    /// <inheritdoc/>
    public override string ToString() => $"[{Kind}] {Source}: {Message}";
}
