// Column types of a data view, named as in ML.NET: each type knows the .NET type of its values.
namespace MLNet.Gan.Data;

/// <summary>
/// The type of a data view column. <see cref="RawType"/> is the .NET type a getter produces:
/// Single → <see cref="float"/>, Double → <see cref="double"/>, Int32 → <see cref="int"/>,
/// Int64 → <see cref="long"/>, Boolean → <see cref="bool"/>, Text → <see cref="string"/>,
/// Key → <see cref="uint"/> (1-based, 0 = missing), Vector → <see cref="VBuffer{T}"/>,
/// Image → <see cref="MLImage"/>.
/// </summary>
public abstract class DataViewType : IEquatable<DataViewType>
{
    /// <summary>Creates a type whose values are of <paramref name="rawType"/>.</summary>
    protected DataViewType(Type rawType)
    {
        RawType = rawType ?? throw new ArgumentNullException(nameof(rawType));
    }

    /// <summary>The .NET type of the values of this column type.</summary>
    public Type RawType { get; }

    /// <summary>Whether two types describe the same values.</summary>
    public abstract bool Equals(DataViewType? other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DataViewType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (ToString() ?? string.Empty).GetHashCode(StringComparison.Ordinal);
}

/// <summary>A type whose values are single items (not vectors): numbers, booleans, text, keys, images.</summary>
public abstract class PrimitiveDataViewType : DataViewType
{
    /// <summary>Creates a primitive type whose values are of <paramref name="rawType"/>.</summary>
    protected PrimitiveDataViewType(Type rawType)
        : base(rawType)
    {
    }
}

/// <summary>Numeric column types; one shared instance each.</summary>
public sealed class NumberDataViewType : PrimitiveDataViewType
{
    private readonly string _name;

    private NumberDataViewType(Type rawType, string name)
        : base(rawType)
    {
        _name = name;
    }

    /// <summary>32-bit float values (<see cref="float"/>).</summary>
    public static NumberDataViewType Single { get; } = new(typeof(float), "Single");

    /// <summary>64-bit float values (<see cref="double"/>).</summary>
    public static NumberDataViewType Double { get; } = new(typeof(double), "Double");

    /// <summary>32-bit signed integer values (<see cref="int"/>).</summary>
    public static NumberDataViewType Int32 { get; } = new(typeof(int), "Int32");

    /// <summary>64-bit signed integer values (<see cref="long"/>).</summary>
    public static NumberDataViewType Int64 { get; } = new(typeof(long), "Int64");

    /// <summary>8-bit unsigned integer values (<see cref="byte"/>).</summary>
    public static NumberDataViewType Byte { get; } = new(typeof(byte), "Byte");

    /// <summary>32-bit unsigned integer values (<see cref="uint"/>).</summary>
    public static NumberDataViewType UInt32 { get; } = new(typeof(uint), "UInt32");

    /// <summary>The number type whose values are <paramref name="rawType"/>, or null.</summary>
    public static NumberDataViewType? FromRawType(Type rawType) =>
        rawType == typeof(float) ? Single
        : rawType == typeof(double) ? Double
        : rawType == typeof(int) ? Int32
        : rawType == typeof(long) ? Int64
        : rawType == typeof(byte) ? Byte
        : rawType == typeof(uint) ? UInt32
        : null;

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => ReferenceEquals(this, other);

    /// <inheritdoc/>
    public override int GetHashCode() => _name.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => _name;
}

/// <summary>Boolean column type (<see cref="bool"/> values).</summary>
public sealed class BooleanDataViewType : PrimitiveDataViewType
{
    private BooleanDataViewType()
        : base(typeof(bool))
    {
    }

    /// <summary>The one instance.</summary>
    public static BooleanDataViewType Instance { get; } = new();

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => ReferenceEquals(this, other);

    /// <inheritdoc/>
    public override int GetHashCode() => 17;

    /// <inheritdoc/>
    public override string ToString() => "Boolean";
}

/// <summary>Text column type. Values are <see cref="string"/> (ML.NET uses ReadOnlyMemory&lt;char&gt;).</summary>
public sealed class TextDataViewType : PrimitiveDataViewType
{
    private TextDataViewType()
        : base(typeof(string))
    {
    }

    /// <summary>The one instance.</summary>
    public static TextDataViewType Instance { get; } = new();

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => ReferenceEquals(this, other);

    /// <inheritdoc/>
    public override int GetHashCode() => 23;

    /// <inheritdoc/>
    public override string ToString() => "String";
}

/// <summary>
/// Key (categorical index) column type: values are <see cref="uint"/>, 1..<see cref="Count"/> for the
/// categories and 0 for a missing value, as in ML.NET. Class names travel in the column's
/// <see cref="AnnotationUtils.Kinds.KeyValues"/> annotation.
/// </summary>
public sealed class KeyDataViewType : PrimitiveDataViewType
{
    /// <summary>Creates a key type with <paramref name="count"/> categories.</summary>
    public KeyDataViewType(ulong count)
        : base(typeof(uint))
    {
        if (count == 0 || count > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "A key type needs between 1 and uint.MaxValue categories.");
        }

        Count = count;
    }

    /// <summary>Creates a key type with <paramref name="count"/> categories.</summary>
    public KeyDataViewType(int count)
        : this(count > 0 ? (ulong)count : throw new ArgumentOutOfRangeException(nameof(count), count, "A key type needs at least one category."))
    {
    }

    private KeyDataViewType()
        : base(typeof(uint))
    {
        Count = 0;
    }

    /// <summary>
    /// A key type whose count is learned from data: what an estimator's GetOutputSchema reports before fitting
    /// (ML.NET's SchemaShape role). A fitted transformer always reports the real count.
    /// </summary>
    public static KeyDataViewType CountUnknown { get; } = new();

    /// <summary>The number of categories; valid values are 1..Count. 0 for <see cref="CountUnknown"/>.</summary>
    public ulong Count { get; }

    /// <summary>Whether <see cref="Count"/> is known (false only for <see cref="CountUnknown"/>).</summary>
    public bool IsCountKnown => Count > 0;

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => other is KeyDataViewType k && k.Count == Count;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(31, Count);

    /// <inheritdoc/>
    public override string ToString() => IsCountKnown ? $"Key<UInt32, 0-{Count - 1}>" : "Key<UInt32, count unknown>";
}

/// <summary>Image column type: values are <see cref="MLImage"/>; a height or width of 0 means variable size.</summary>
public sealed class ImageDataViewType : PrimitiveDataViewType
{
    /// <summary>Creates an image type of the given size (0 for variable size).</summary>
    public ImageDataViewType(int height = 0, int width = 0)
        : base(typeof(MLImage))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        if ((height == 0) != (width == 0))
        {
            throw new ArgumentException($"An image type needs both height and width, or neither (got {height}x{width}).");
        }

        Height = height;
        Width = width;
    }

    /// <summary>Height in pixels, or 0 for variable size.</summary>
    public int Height { get; }

    /// <summary>Width in pixels, or 0 for variable size.</summary>
    public int Width { get; }

    /// <summary>Whether every image in the column has the same, known size.</summary>
    public bool IsKnownSize => Height > 0;

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) =>
        other is ImageDataViewType i && i.Height == Height && i.Width == Width;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(37, Height, Width);

    /// <inheritdoc/>
    public override string ToString() => IsKnownSize ? $"Image<{Height}, {Width}>" : "Image";
}
