// What LoadImages skipped when told to skip bad rows, and the error it raises when it is not.
namespace MLNet.Gan.Data;

/// <summary>One row LoadImages dropped: where it was, which file, and why.</summary>
/// <param name="Row">The row's position in the input of LoadImages.</param>
/// <param name="Path">The image file (as resolved against the image folder).</param>
/// <param name="Reason">The error: missing file, or the decoder's reason.</param>
public sealed record SkippedImageRow(long Row, string Path, string Reason);

/// <summary>A row whose image file is missing or cannot be decoded; the message names the file, column and row.</summary>
public sealed class ImageLoadingException : IOException
{
    /// <summary>Creates the error for <paramref name="path"/> at <paramref name="row"/>.</summary>
    public ImageLoadingException(string message, string path, long row, Exception? inner = null)
        : base(message, inner)
    {
        Path = path;
        Row = row;
    }

    /// <summary>The image file.</summary>
    public string Path { get; }

    /// <summary>The row's position in the input.</summary>
    public long Row { get; }
}

/// <summary>
/// The rows LoadImages skipped (with <see cref="ImageLoadingEstimator.Options.SkipBadRows"/>), over every
/// data view the transformer produced. A row met again by a later cursor is counted once. Thread-safe.
/// </summary>
public sealed class ImageLoadingReport
{
    private readonly object _gate = new();
    private readonly List<SkippedImageRow> _rows = [];
    private readonly HashSet<(long, string)> _seen = [];

    /// <summary>How many distinct rows were skipped.</summary>
    public int SkippedCount
    {
        get
        {
            lock (_gate)
            {
                return _rows.Count;
            }
        }
    }

    /// <summary>The skipped rows, in the order they were first met.</summary>
    public IReadOnlyList<SkippedImageRow> SkippedRows
    {
        get
        {
            lock (_gate)
            {
                return _rows.ToArray();
            }
        }
    }

    /// <summary>Records a skipped row; false when it was already recorded.</summary>
    internal bool Add(ImageLoadingException error)
    {
        lock (_gate)
        {
            if (!_seen.Add((error.Row, error.Path)))
            {
                return false;
            }

            _rows.Add(new SkippedImageRow(error.Row, error.Path, error.Message));
            return true;
        }
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var rows = SkippedRows;
        return rows.Count == 0
            ? "no rows skipped"
            : $"{rows.Count} rows skipped: " + string.Join("; ", rows.Take(10).Select(r => $"{RowText.Of(r.Row)} '{r.Path}'")) + (rows.Count > 10 ? "; ..." : string.Empty);
    }
}
