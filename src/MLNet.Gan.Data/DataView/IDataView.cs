// The data view contract (ML.NET's IDataView): a schema plus lazy, forward-only row cursors.
namespace MLNet.Gan.Data;

/// <summary>Reads one value of the current row into <paramref name="value"/> (which it may reuse).</summary>
/// <typeparam name="TValue">The column type's raw type.</typeparam>
public delegate void ValueGetter<TValue>(ref TValue value);

/// <summary>
/// A lazy, immutable table: a schema and cursors that walk its rows. Nothing is computed until a
/// cursor asks, and then only the columns the cursor was asked for.
/// </summary>
public interface IDataView
{
    /// <summary>The columns.</summary>
    DataViewSchema Schema { get; }

    /// <summary>Whether cursors can visit the rows in a random order when given a <see cref="Random"/>.</summary>
    bool CanShuffle { get; }

    /// <summary>The number of rows when it is known without reading them, or null.</summary>
    long? GetRowCount();

    /// <summary>
    /// A cursor over the rows that can read the columns in <paramref name="columnsNeeded"/> (others are
    /// inactive and not computed). With <paramref name="rand"/> and <see cref="CanShuffle"/>, rows come in
    /// a random order drawn from it.
    /// </summary>
    DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null);
}

/// <summary>One row of a data view, read column by column through typed getters.</summary>
public abstract class DataViewRow : IDisposable
{
    private bool _disposed;

    /// <summary>The columns of the row.</summary>
    public abstract DataViewSchema Schema { get; }

    /// <summary>The index of the current row, -1 before the first.</summary>
    public abstract long Position { get; }

    /// <summary>Identifies the batch a parallel cursor's row came from; always 0 here.</summary>
    public virtual long Batch => 0;

    /// <summary>Whether <paramref name="column"/>'s values can be read (it was requested when the cursor was made).</summary>
    public abstract bool IsColumnActive(DataViewSchema.Column column);

    /// <summary>
    /// A getter for <paramref name="column"/>'s value on the current row. Throws when the column is inactive
    /// or <typeparamref name="TValue"/> is not the column type's raw type.
    /// </summary>
    public abstract ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column);

    /// <summary>Frees what the row holds (input cursors included).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees resources; override to dispose input cursors.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>
    /// Checks that <paramref name="column"/> belongs to <see cref="Schema"/>, is active and has values of
    /// <typeparamref name="TValue"/>; throws naming the column, the type asked and the type it has.
    /// </summary>
    protected void CheckGetterRequest<TValue>(DataViewSchema.Column column)
    {
        var schema = Schema;
        if ((uint)column.Index >= (uint)schema.Count || schema[column.Index].Name != column.Name)
        {
            throw new ArgumentOutOfRangeException(
                nameof(column), $"Column '{column.Name}' (index {column.Index}) is not in this row's schema: {schema.Describe()}.");
        }

        if (!IsColumnActive(column))
        {
            throw new InvalidOperationException(
                $"Column '{column.Name}' is not active in this cursor; pass it in columnsNeeded when making the cursor.");
        }

        var raw = schema[column.Index].Type.RawType;
        if (typeof(TValue) != raw)
        {
            throw new InvalidOperationException(
                $"Column '{column.Name}' has type {schema[column.Index].Type} (values {TypeNames.Of(raw)}); " +
                $"a getter of {TypeNames.Of(typeof(TValue))} was asked for.");
        }
    }
}

/// <summary>A forward-only cursor over the rows of a data view.</summary>
public abstract class DataViewRowCursor : DataViewRow
{
    /// <summary>Advances to the next row; false when there are no more.</summary>
    public abstract bool MoveNext();
}

/// <summary>Readable names of .NET types for messages (VBuffer&lt;Single&gt; rather than VBuffer`1).</summary>
internal static class TypeNames
{
    public static string Of(Type t) =>
        t.IsGenericType ? $"{t.Name[..t.Name.IndexOf('`')]}<{string.Join(", ", t.GetGenericArguments().Select(Of))}>" : t.Name;
}
