// Attributes that describe how a plain class's fields and properties become data view columns (ML.NET names).
namespace MLNet.Gan.Data;

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

/// <summary>Excludes a field or property from the columns.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class NoColumnAttribute : Attribute
{
}
