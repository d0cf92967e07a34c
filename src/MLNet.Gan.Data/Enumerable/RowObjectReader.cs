// Reads a data view's rows into plain objects (ML.NET's CreateEnumerable), matching members to columns by name.
namespace MLNet.Gan.Data;

/// <summary>Fills <typeparamref name="TRow"/> objects from a data view's rows.</summary>
internal static class RowObjectReader<TRow>
    where TRow : class, new()
{
    public static IEnumerable<TRow> Read(IDataView view, bool reuseRowObject, SchemaDefinition? definition)
    {
        ArgumentNullException.ThrowIfNull(view);
        definition ??= SchemaDefinition.Create(typeof(TRow));
        var pairs = definition.Select(d => (Def: d, Col: Match(view.Schema, d))).ToArray();
        return Iterate(view, pairs, reuseRowObject);
    }

    private static DataViewSchema.Column Match(DataViewSchema schema, SchemaDefinition.Column def)
    {
        var column = schema.GetColumnOrNull(def.ColumnName)
            ?? throw new ArgumentOutOfRangeException(
                nameof(schema), $"CreateEnumerable<{typeof(TRow).Name}>: column '{def.ColumnName}' (member {def.MemberName}) not found; the view has {schema.Describe()}.");
        var expected = EnumerableDataView<TRow>.ExpectedRawType(def.MemberType);
        if (column.Type.RawType != expected)
        {
            throw new ArgumentOutOfRangeException(
                nameof(schema),
                $"CreateEnumerable<{typeof(TRow).Name}>: column '{column.Name}' has type {column.Type} (values {TypeNames.Of(column.Type.RawType)}), " +
                $"but member {def.MemberName} is {TypeNames.Of(def.MemberType)}.");
        }

        return column;
    }

    private static IEnumerable<TRow> Iterate(IDataView view, (SchemaDefinition.Column Def, DataViewSchema.Column Col)[] pairs, bool reuse)
    {
        using var cursor = view.GetRowCursor(pairs.Select(p => p.Col).ToArray(), null);
        var fillers = pairs.Select(p => MakeFiller(cursor, p.Def, p.Col)).ToArray();
        TRow? row = null;
        while (cursor.MoveNext())
        {
            if (!reuse || row is null)
            {
                row = new TRow();
            }

            foreach (var fill in fillers)
            {
                fill(row, reuse);
            }

            yield return row;
        }
    }

    private static Action<TRow, bool> MakeFiller(DataViewRow cursor, SchemaDefinition.Column def, DataViewSchema.Column column) =>
        def.MemberType.IsArray
            ? (Action<TRow, bool>)MemberAccess.InvokeGeneric(typeof(RowObjectReader<TRow>), nameof(ArrayFiller), [def.MemberType.GetElementType()!], cursor, def, column)!
            : (Action<TRow, bool>)MemberAccess.InvokeGeneric(typeof(RowObjectReader<TRow>), nameof(DirectFiller), [def.MemberType], cursor, def, column)!;

    private static Action<TRow, bool> DirectFiller<TValue>(DataViewRow cursor, SchemaDefinition.Column def, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<TValue>(column);
        var set = MemberAccess.Setter<TRow, TValue>(def.MemberName);
        return (row, _) =>
        {
            TValue v = default!;
            getter(ref v);
            if (v is VBuffer<float> or VBuffer<double> or VBuffer<int> or VBuffer<long> or VBuffer<byte> or VBuffer<uint> or VBuffer<bool> or VBuffer<string>)
            {
                v = CopyVBuffer(v);
            }

            set(row, v);
        };
    }

    private static Action<TRow, bool> ArrayFiller<TItem>(DataViewRow cursor, SchemaDefinition.Column def, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<VBuffer<TItem>>(column);
        var set = MemberAccess.Setter<TRow, TItem[]>(def.MemberName);
        var get = MemberAccess.Getter<TRow, TItem[]?>(def.MemberName);
        return (row, reuse) =>
        {
            VBuffer<TItem> v = default;
            getter(ref v);
            var existing = reuse ? get(row) : null;
            var target = existing is not null && existing.Length == v.Length ? existing : new TItem[v.Length];
            v.CopyTo(target);
            set(row, target);
        };
    }

    // A getter may hand out a buffer it reuses; the row object needs its own copy.
    private static TValue CopyVBuffer<TValue>(TValue v)
    {
        var type = typeof(TValue).GetGenericArguments()[0];
        return (TValue)MemberAccess.InvokeGeneric(typeof(RowObjectReader<TRow>), nameof(Copy), [type], v!)!;
    }

    private static VBuffer<T> Copy<T>(VBuffer<T> v) => new(v.ToArray());
}
