// The schema of a data view: an ordered list of named, typed columns with annotations.
using System.Collections;
using System.Collections.Immutable;

namespace MLNet.Gan.Data;

/// <summary>
/// The columns of a data view, in order. Several columns may share a name; only the last one is
/// visible by name, the earlier ones are hidden (as in ML.NET, where a transform that replaces a
/// column keeps the old one hidden).
/// </summary>
public sealed partial class DataViewSchema : IReadOnlyList<DataViewSchema.Column>
{
    private readonly Column[] _columns;
    private readonly Dictionary<string, int> _byName;

    private DataViewSchema(IEnumerable<DetachedColumn> columns)
    {
        var list = columns.ToList();
        _columns = new Column[list.Count];
        _byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            _byName[list[i].Name] = i;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var hidden = _byName[list[i].Name] != i;
            _columns[i] = new Column(list[i].Name, i, hidden, list[i].Type, list[i].Annotations);
        }
    }

    /// <summary>The number of columns, hidden ones included.</summary>
    public int Count => _columns.Length;

    /// <summary>The column at <paramref name="columnIndex"/>.</summary>
    public Column this[int columnIndex] =>
        (uint)columnIndex < (uint)_columns.Length
            ? _columns[columnIndex]
            : throw new ArgumentOutOfRangeException(nameof(columnIndex), columnIndex, $"The schema has {_columns.Length} columns.");

    /// <summary>The visible column named <paramref name="columnName"/>; throws naming the available columns when absent.</summary>
    public Column this[string columnName] =>
        GetColumnOrNull(columnName)
        ?? throw new ArgumentOutOfRangeException(nameof(columnName), $"Column '{columnName}' not found; the schema has {Describe()}.");

    /// <summary>The visible column named <paramref name="columnName"/>, or null.</summary>
    public Column? GetColumnOrNull(string columnName)
    {
        ArgumentNullException.ThrowIfNull(columnName);
        return _byName.TryGetValue(columnName, out var i) ? _columns[i] : null;
    }

    /// <summary>A schema of the given columns (a later column with the same name hides an earlier one).</summary>
    public static DataViewSchema Create(IEnumerable<DetachedColumn> columns) => new(columns);

    /// <inheritdoc/>
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The visible columns as "name: type" pairs, for messages.</summary>
    public string Describe() =>
        _columns.Length == 0 ? "no columns" : string.Join(", ", _columns.Where(c => !c.IsHidden).Select(c => $"'{c.Name}' ({c.Type})"));

    /// <inheritdoc/>
    public override string ToString() => $"Schema[{Describe()}]";

    /// <summary>One column of a schema.</summary>
    public readonly struct Column : IEquatable<Column>
    {
        internal Column(string name, int index, bool isHidden, DataViewType type, Annotations annotations)
        {
            Name = name;
            Index = index;
            IsHidden = isHidden;
            Type = type;
            Annotations = annotations;
        }

        /// <summary>The column's name.</summary>
        public string Name { get; }

        /// <summary>The column's position in its schema.</summary>
        public int Index { get; }

        /// <summary>Whether a later column of the same name hides this one.</summary>
        public bool IsHidden { get; }

        /// <summary>The column's type.</summary>
        public DataViewType Type { get; }

        /// <summary>Extra information about the column, such as its key values (class names).</summary>
        public Annotations Annotations { get; }

        /// <summary>Whether this is the same column (name, index, type) of a schema.</summary>
        public bool Equals(Column other) => Name == other.Name && Index == other.Index && Type.Equals(other.Type);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is Column c && Equals(c);

        /// <inheritdoc/>
        public override int GetHashCode() => HashCode.Combine(Name, Index, Type);

        /// <summary>Equality of columns.</summary>
        public static bool operator ==(Column left, Column right) => left.Equals(right);

        /// <summary>Inequality of columns.</summary>
        public static bool operator !=(Column left, Column right) => !left.Equals(right);

        /// <inheritdoc/>
        public override string ToString() => $"{Name} ({Index}): {Type}{(IsHidden ? " (hidden)" : string.Empty)}";
    }

    /// <summary>A column description not yet placed in a schema: name, type and annotations.</summary>
    public readonly struct DetachedColumn
    {
        /// <summary>Describes a column.</summary>
        public DetachedColumn(string name, DataViewType type, Annotations? annotations = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(type);
            Name = name;
            Type = type;
            Annotations = annotations ?? Annotations.Empty;
        }

        /// <summary>Copies the description of a schema column.</summary>
        public DetachedColumn(Column column)
            : this(column.Name, column.Type, column.Annotations)
        {
        }

        /// <summary>The column's name.</summary>
        public string Name { get; }

        /// <summary>The column's type.</summary>
        public DataViewType Type { get; }

        /// <summary>The column's annotations.</summary>
        public Annotations Annotations { get; }
    }

    /// <summary>Builds a schema column by column.</summary>
    public sealed class Builder
    {
        private readonly List<DetachedColumn> _columns = [];

        /// <summary>Adds a column.</summary>
        public void AddColumn(string name, DataViewType type, Annotations? annotations = null) =>
            _columns.Add(new DetachedColumn(name, type, annotations));

        /// <summary>Adds copies of the given columns (hidden ones too, in order).</summary>
        public void AddColumns(IEnumerable<Column> columns)
        {
            ArgumentNullException.ThrowIfNull(columns);
            foreach (var c in columns)
            {
                _columns.Add(new DetachedColumn(c));
            }
        }

        /// <summary>Adds the given column descriptions.</summary>
        public void AddColumns(IEnumerable<DetachedColumn> columns)
        {
            ArgumentNullException.ThrowIfNull(columns);
            _columns.AddRange(columns);
        }

        /// <summary>The schema built so far.</summary>
        public DataViewSchema ToSchema() => new(_columns);
    }

    /// <summary>
    /// Named values attached to a column (e.g. "KeyValues": the class names of a key column).
    /// Immutable; build with <see cref="Builder"/>.
    /// </summary>
    public sealed class Annotations
    {
        private readonly ImmutableDictionary<string, (DataViewType Type, object Value)> _items;

        private Annotations(ImmutableDictionary<string, (DataViewType Type, object Value)> items)
        {
            _items = items;
        }

        /// <summary>No annotations.</summary>
        public static Annotations Empty { get; } = new(ImmutableDictionary<string, (DataViewType, object)>.Empty);

        /// <summary>The annotation kinds present, sorted.</summary>
        public IReadOnlyList<string> Kinds => _items.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();

        /// <summary>The type of annotation <paramref name="kind"/>, or null when absent.</summary>
        public DataViewType? GetAnnotationType(string kind) => _items.TryGetValue(kind, out var e) ? e.Type : null;

        /// <summary>Reads annotation <paramref name="kind"/>; throws when absent or of another type.</summary>
        public void GetValue<TValue>(string kind, ref TValue value)
        {
            if (!_items.TryGetValue(kind, out var e))
            {
                throw new InvalidOperationException($"Annotation '{kind}' not found; present: {(_items.Count == 0 ? "none" : string.Join(", ", Kinds))}.");
            }

            if (e.Value is not TValue v)
            {
                throw new InvalidOperationException(
                    $"Annotation '{kind}' has type {e.Type} (values {e.Type.RawType.Name}), not {typeof(TValue).Name}.");
            }

            value = v;
        }

        /// <summary>Reads annotation <paramref name="kind"/> when present with values of type <typeparamref name="TValue"/>.</summary>
        public bool TryGetValue<TValue>(string kind, out TValue value)
        {
            if (_items.TryGetValue(kind, out var e) && e.Value is TValue v)
            {
                value = v;
                return true;
            }

            value = default!;
            return false;
        }

        /// <summary>Whether both hold the same kinds with equal types and values (vectors compared item by item).</summary>
        public bool ContentEquals(Annotations other)
        {
            ArgumentNullException.ThrowIfNull(other);
            if (_items.Count != other._items.Count)
            {
                return false;
            }

            foreach (var (kind, (type, value)) in _items)
            {
                if (!other._items.TryGetValue(kind, out var o) || !o.Type.Equals(type) || !AnnotationUtils.ValuesEqual(value, o.Value))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Builds annotations.</summary>
        public sealed class Builder
        {
            private ImmutableDictionary<string, (DataViewType, object)> _items = ImmutableDictionary<string, (DataViewType, object)>.Empty;

            /// <summary>Adds annotation <paramref name="kind"/> with a value of <paramref name="type"/>.</summary>
            public void Add<TValue>(string kind, DataViewType type, TValue value)
            {
                ArgumentException.ThrowIfNullOrEmpty(kind);
                ArgumentNullException.ThrowIfNull(type);
                ArgumentNullException.ThrowIfNull(value);
                if (type.RawType != typeof(TValue))
                {
                    throw new ArgumentException($"Annotation '{kind}' of type {type} needs values of {type.RawType.Name}, got {typeof(TValue).Name}.");
                }

                _items = _items.SetItem(kind, (type, value));
            }

            /// <summary>Adds annotation <paramref name="kind"/> whose value <paramref name="getter"/> produces (read once, now).</summary>
            public void Add<TValue>(string kind, DataViewType type, ValueGetter<TValue> getter)
            {
                ArgumentNullException.ThrowIfNull(getter);
                TValue value = default!;
                getter(ref value);
                Add(kind, type, value);
            }

            /// <summary>Adds the "KeyValues" annotation: the <paramref name="size"/> names of a key column's categories.</summary>
            public void AddKeyValues<TValue>(int size, PrimitiveDataViewType valueType, ValueGetter<VBuffer<TValue>> getter)
            {
                ArgumentNullException.ThrowIfNull(getter);
                VBuffer<TValue> value = default;
                getter(ref value);
                if (value.Length != size)
                {
                    throw new ArgumentException($"KeyValues annotation declared {size} values but the getter gave {value.Length}.");
                }

                Add(AnnotationUtils.Kinds.KeyValues, new VectorDataViewType(valueType, size), value);
            }

            /// <summary>Copies every annotation of <paramref name="annotations"/>.</summary>
            public void Add(Annotations annotations)
            {
                ArgumentNullException.ThrowIfNull(annotations);
                foreach (var (k, v) in annotations._items)
                {
                    _items = _items.SetItem(k, v);
                }
            }

            /// <summary>The annotations built so far.</summary>
            public Annotations ToAnnotations() => new(_items);
        }
    }
}
