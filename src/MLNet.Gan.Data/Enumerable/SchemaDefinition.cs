// Maps a class's members to columns: the attributes that describe them ([ColumnName], [VectorType], [ImageType],
// [KeyType], [KeyValueNames], [NoColumn]) and the definition built from them, adjustable before use.
using System.Reflection;

namespace MLNet.Gan.Data;

/// <summary>
/// The columns of a plain class, one per public field or read/write property without [NoColumn]. Member
/// types: float, double, int, long, byte, bool, string, uint (a key with [KeyType]), arrays or
/// <see cref="VBuffer{T}"/> of those (vectors), <see cref="MLImage"/> (images). Change a column's
/// <see cref="Column.ColumnType"/> before passing the definition to set sizes known only at run time.
/// </summary>
public sealed class SchemaDefinition : List<SchemaDefinition.Column>
{
    /// <summary>The column named <paramref name="columnName"/>.</summary>
    public Column this[string columnName] =>
        this.FirstOrDefault(c => c.ColumnName == columnName)
        ?? throw new ArgumentOutOfRangeException(nameof(columnName), $"Column '{columnName}' is not in the schema definition ({string.Join(", ", this.Select(c => c.ColumnName))}).");

    /// <summary>The definition of <paramref name="userType"/> from its members and attributes.</summary>
    public static SchemaDefinition Create(Type userType)
    {
        ArgumentNullException.ThrowIfNull(userType);
        var def = new SchemaDefinition();
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
        var members = userType.GetFields(flags).Where(f => !f.IsInitOnly).Cast<MemberInfo>()
            .Concat(userType.GetProperties(flags).Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0))
            .OrderBy(m => m.MetadataToken);
        foreach (var member in members)
        {
            if (member.GetCustomAttribute<NoColumnAttribute>() is not null)
            {
                continue;
            }

            var name = member.GetCustomAttribute<ColumnNameAttribute>()?.Name ?? member.Name;
            var memberType = member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;
            var type = InferType(userType, member, memberType);
            def.Add(new Column(member.Name, name, type, memberType) { Annotations = KeyValueNames(userType, member, type) });
        }

        var dup = def.GroupBy(c => c.ColumnName).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
        {
            throw new InvalidOperationException($"{userType.Name}: two members map to column '{dup.Key}'.");
        }

        return def;
    }

    private static DataViewType InferType(Type userType, MemberInfo member, Type memberType)
    {
        string Where() => $"{userType.Name}.{member.Name}";
        var key = member.GetCustomAttribute<KeyTypeAttribute>();
        var vector = member.GetCustomAttribute<VectorTypeAttribute>();
        var image = member.GetCustomAttribute<ImageTypeAttribute>();
        if (key is not null)
        {
            if (memberType != typeof(uint))
            {
                throw new InvalidOperationException($"{Where()}: [KeyType] needs a uint member, found {TypeNames.Of(memberType)}.");
            }

            return new KeyDataViewType(key.Count);
        }

        if (memberType == typeof(MLImage))
        {
            return image is null ? new ImageDataViewType() : new ImageDataViewType(image.Height, image.Width);
        }

        var itemRaw = memberType.IsArray ? memberType.GetElementType()
            : memberType.IsGenericType && memberType.GetGenericTypeDefinition() == typeof(VBuffer<>) ? memberType.GetGenericArguments()[0]
            : null;
        if (itemRaw is not null)
        {
            var item = PrimitiveFor(itemRaw) ?? throw new InvalidOperationException(
                $"{Where()}: vectors of {TypeNames.Of(itemRaw)} are not supported (use float, double, int, long, byte, uint, bool or string).");
            return new VectorDataViewType(item, vector?.Dimensions ?? []);
        }

        if (vector is not null)
        {
            throw new InvalidOperationException($"{Where()}: [VectorType] needs an array or VBuffer member, found {TypeNames.Of(memberType)}.");
        }

        return PrimitiveFor(memberType) ?? throw new InvalidOperationException(
            $"{Where()}: members of type {TypeNames.Of(memberType)} cannot be columns; mark it [NoColumn] or use a supported type.");
    }

    // [KeyValueNames] names the classes of a [KeyType] member: one name per key.
    private static DataViewSchema.Annotations? KeyValueNames(Type userType, MemberInfo member, DataViewType type)
    {
        var names = member.GetCustomAttribute<KeyValueNamesAttribute>()?.Names;
        if (names is null)
        {
            return null;
        }

        if (type is not KeyDataViewType key)
        {
            throw new InvalidOperationException($"{userType.Name}.{member.Name}: [KeyValueNames] goes with [KeyType] on a uint member.");
        }

        if ((ulong)names.Length != key.Count)
        {
            throw new InvalidOperationException(
                $"{userType.Name}.{member.Name}: [KeyType({key.Count})] needs {key.Count} names in [KeyValueNames], found {names.Length}.");
        }

        return AnnotationUtils.KeyValuesAnnotation(names);
    }

    private static PrimitiveDataViewType? PrimitiveFor(Type raw) =>
        raw == typeof(bool) ? BooleanDataViewType.Instance
        : raw == typeof(string) ? TextDataViewType.Instance
        : NumberDataViewType.FromRawType(raw);

    /// <summary>One member-to-column mapping.</summary>
    public sealed class Column
    {
        internal Column(string memberName, string columnName, DataViewType columnType, Type memberType)
        {
            MemberName = memberName;
            ColumnName = columnName;
            ColumnType = columnType;
            MemberType = memberType;
        }

        /// <summary>The field or property name.</summary>
        public string MemberName { get; }

        /// <summary>The column name.</summary>
        public string ColumnName { get; set; }

        /// <summary>The column type (may be replaced by one with the same raw item type, e.g. to set vector dimensions).</summary>
        public DataViewType ColumnType { get; set; }

        /// <summary>The member's .NET type.</summary>
        public Type MemberType { get; }

        /// <summary>Annotations of the column (e.g. key values), or null.</summary>
        public DataViewSchema.Annotations? Annotations { get; set; }
    }
}

/// <summary>Names the column a field or property maps to (default: the member's name).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ColumnNameAttribute : Attribute
{
    /// <summary>Maps the member to column <paramref name="name"/>.</summary>
    public ColumnNameAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The column name.</summary>
    public string Name { get; }
}

/// <summary>Declares an array member a vector of known dimensions (without it, vectors have variable size).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class VectorTypeAttribute : Attribute
{
    /// <summary>A vector with the given dimensions (none: variable size).</summary>
    public VectorTypeAttribute(params int[] dimensions)
    {
        Dimensions = dimensions ?? [];
    }

    /// <summary>The dimensions.</summary>
    public int[] Dimensions { get; }
}

/// <summary>Declares an <see cref="MLImage"/> member an image column of a known size.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ImageTypeAttribute : Attribute
{
    /// <summary>Images of <paramref name="height"/> x <paramref name="width"/> pixels.</summary>
    public ImageTypeAttribute(int height, int width)
    {
        Height = height;
        Width = width;
    }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }
}

/// <summary>Declares a <see cref="uint"/> member a key column with <see cref="Count"/> categories (1-based, 0 = missing).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class KeyTypeAttribute : Attribute
{
    /// <summary>A key with <paramref name="count"/> categories.</summary>
    public KeyTypeAttribute(ulong count)
    {
        Count = count;
    }

    /// <summary>The number of categories.</summary>
    public ulong Count { get; }
}

/// <summary>
/// Names the classes of a <see cref="KeyTypeAttribute"/> member, key 1 first: the column's KeyValues annotation,
/// read back with <c>column.GetKeyValueNames()</c>. Not in ML.NET, where a schema definition's annotations do this.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class KeyValueNamesAttribute : Attribute
{
    /// <summary>The class names, one per key, in key order.</summary>
    public KeyValueNamesAttribute(params string[] names)
    {
        Names = names ?? [];
    }

    /// <summary>The class names.</summary>
    public string[] Names { get; }
}

/// <summary>Excludes a field or property from the columns.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class NoColumnAttribute : Attribute
{
}
