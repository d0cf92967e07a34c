// Well-known annotation kinds and helpers to read a key column's class names.
namespace MLNet.Gan.Data;

/// <summary>Well-known annotations and helpers to read them (ML.NET's names).</summary>
public static class AnnotationUtils
{
    /// <summary>Names of well-known annotation kinds.</summary>
    public static class Kinds
    {
        /// <summary>The names of a key column's categories: a vector of Key.Count values, usually text.</summary>
        public const string KeyValues = "KeyValues";

        /// <summary>The names of a vector column's slots.</summary>
        public const string SlotNames = "SlotNames";
    }

    /// <summary>Whether the column has key values (class names) of <paramref name="keyValueItemType"/> (text when null).</summary>
    public static bool HasKeyValues(this DataViewSchema.Column column, PrimitiveDataViewType? keyValueItemType = null)
    {
        if (column.Type is not KeyDataViewType key)
        {
            return false;
        }

        var type = column.Annotations.GetAnnotationType(Kinds.KeyValues) as VectorDataViewType;
        return type is not null
            && type.Size == (int)key.Count
            && type.ItemType.Equals(keyValueItemType ?? TextDataViewType.Instance);
    }

    /// <summary>Reads a key column's key values (class names, in key order: value 1 names item 0).</summary>
    public static void GetKeyValues<TValue>(this DataViewSchema.Column column, ref VBuffer<TValue> keyValues)
    {
        if (!column.Annotations.TryGetValue(Kinds.KeyValues, out keyValues))
        {
            throw new InvalidOperationException(
                $"Column '{column.Name}' ({column.Type}) has no {Kinds.KeyValues} annotation of {typeof(TValue).Name} values.");
        }
    }

    /// <summary>A key column's class names as text (converted with ToString when they are not text), or null when it has none.</summary>
    public static string[]? GetKeyValueNames(this DataViewSchema.Column column)
    {
        var type = column.Annotations.GetAnnotationType(Kinds.KeyValues) as VectorDataViewType;
        if (type is null)
        {
            return null;
        }

        if (column.Annotations.TryGetValue(Kinds.KeyValues, out VBuffer<string> text))
        {
            return text.ToArray();
        }

        return type.ItemType.RawType switch
        {
            var t when t == typeof(float) => Names<float>(column),
            var t when t == typeof(double) => Names<double>(column),
            var t when t == typeof(int) => Names<int>(column),
            var t when t == typeof(long) => Names<long>(column),
            var t when t == typeof(uint) => Names<uint>(column),
            var t when t == typeof(bool) => Names<bool>(column),
            _ => null,
        };
    }

    /// <summary>Annotations holding text key values (class names) for a key column of <paramref name="names"/>.Count categories.</summary>
    public static DataViewSchema.Annotations KeyValuesAnnotation(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var b = new DataViewSchema.Annotations.Builder();
        b.Add(Kinds.KeyValues, new VectorDataViewType(TextDataViewType.Instance, names.Count), new VBuffer<string>(names.ToArray()));
        return b.ToAnnotations();
    }

    /// <summary>Value equality of annotation values (vectors item by item).</summary>
    internal static bool ValuesEqual(object a, object b)
    {
        if (a.GetType() != b.GetType())
        {
            return false;
        }

        if (a.GetType().IsGenericType && a.GetType().GetGenericTypeDefinition() == typeof(VBuffer<>))
        {
            var ta = (System.Collections.IEnumerable)a.GetType().GetMethod(nameof(VBuffer<int>.DenseValues))!.Invoke(a, null)!;
            var tb = (System.Collections.IEnumerable)b.GetType().GetMethod(nameof(VBuffer<int>.DenseValues))!.Invoke(b, null)!;
            return ta.Cast<object?>().SequenceEqual(tb.Cast<object?>());
        }

        return Equals(a, b);
    }

    private static string[]? Names<T>(DataViewSchema.Column column) =>
        column.Annotations.TryGetValue(Kinds.KeyValues, out VBuffer<T> v)
            ? v.ToArray().Select(x => Convert.ToString(x, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).ToArray()
            : null;
}
