// Convenience reads over data views: one column's values, row counting, column lookups with clear errors.
namespace MLNet.Gan.Data;

/// <summary>Helpers for reading data views.</summary>
public static class DataViewExtensions
{
    /// <summary>A cursor over every column of <paramref name="view"/> (hidden ones included).</summary>
    public static DataViewRowCursor GetRowCursorForAllColumns(this IDataView view, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.GetRowCursor(view.Schema, rand);
    }

    /// <summary>A cursor over the given columns.</summary>
    public static DataViewRowCursor GetRowCursor(this IDataView view, params DataViewSchema.Column[] columnsNeeded)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.GetRowCursor(columnsNeeded, null);
    }

    /// <summary>The values of column <paramref name="columnName"/>, row by row (ML.NET's GetColumn).</summary>
    public static IEnumerable<T> GetColumn<T>(this IDataView view, string columnName)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.GetColumn<T>(view.Schema[columnName]);
    }

    /// <summary>The values of <paramref name="column"/>, row by row.</summary>
    public static IEnumerable<T> GetColumn<T>(this IDataView view, DataViewSchema.Column column)
    {
        ArgumentNullException.ThrowIfNull(view);
        return Iterate();

        IEnumerable<T> Iterate()
        {
            using var cursor = view.GetRowCursor([column]);
            var getter = cursor.GetGetter<T>(column);
            while (cursor.MoveNext())
            {
                T value = default!;
                getter(ref value);
                yield return value is VBuffer<float> or VBuffer<double> or VBuffer<int> or VBuffer<long> or VBuffer<uint> or VBuffer<string>
                    ? CopyVector(value)
                    : value;
            }
        }
    }

    /// <summary>The number of rows: <see cref="IDataView.GetRowCount"/> when known, else by walking a cursor with no active column.</summary>
    public static long CountRows(this IDataView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.GetRowCount() is long n)
        {
            return n;
        }

        using var cursor = view.GetRowCursor([], null);
        long count = 0;
        while (cursor.MoveNext())
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// The visible column <paramref name="columnName"/> of <paramref name="schema"/>; throws an
    /// <see cref="ArgumentOutOfRangeException"/> naming the column, <paramref name="what"/> needs it for, and the columns present.
    /// </summary>
    public static DataViewSchema.Column GetRequiredColumn(this DataViewSchema schema, string columnName, string what)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentOutOfRangeException(
                nameof(columnName), $"{what}: input column '{columnName}' not found; the input has {schema.Describe()}.");
    }

    /// <summary>Throws naming the column, the type found and <paramref name="expected"/> when <paramref name="ok"/> is false.</summary>
    public static void CheckColumnType(DataViewSchema.Column column, bool ok, string expected, string what)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(
                nameof(column), $"{what}: column '{column.Name}' has type {column.Type}, expected {expected}.");
        }
    }

    /// <summary>A getter of <paramref name="column"/>'s raw type, as an untyped delegate.</summary>
    internal static Delegate GetGetterAsDelegate(DataViewRow row, DataViewSchema.Column column)
    {
        var method = typeof(DataViewRow).GetMethod(nameof(DataViewRow.GetGetter))!.MakeGenericMethod(column.Type.RawType);
        try
        {
            return (Delegate)method.Invoke(row, [column])!;
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static T CopyVector<T>(T value) => value switch
    {
        VBuffer<float> v => (T)(object)new VBuffer<float>(v.ToArray()),
        VBuffer<double> v => (T)(object)new VBuffer<double>(v.ToArray()),
        VBuffer<int> v => (T)(object)new VBuffer<int>(v.ToArray()),
        VBuffer<long> v => (T)(object)new VBuffer<long>(v.ToArray()),
        VBuffer<uint> v => (T)(object)new VBuffer<uint>(v.ToArray()),
        VBuffer<string> v => (T)(object)new VBuffer<string>(v.ToArray()),
        _ => value,
    };
}
