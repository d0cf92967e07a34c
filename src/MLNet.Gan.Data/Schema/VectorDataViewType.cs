// Vector column type (fixed or variable size, with dimensions) and its value representation.
using System.Collections.Immutable;

namespace MLNet.Gan.Data;

/// <summary>
/// Vector column type: values are <see cref="VBuffer{T}"/> of the item type's raw type.
/// With dimensions (e.g. 1, 28, 28) the vector has a known size, their product; with none
/// (or a 0) its size varies from row to row.
/// </summary>
public sealed class VectorDataViewType : DataViewType
{
    /// <summary>Creates a vector type of <paramref name="itemType"/> with the given dimensions (none: variable size).</summary>
    public VectorDataViewType(PrimitiveDataViewType itemType, params int[] dimensions)
        : base(MakeRawType(itemType))
    {
        ItemType = itemType;
        dimensions ??= [];
        foreach (var d in dimensions)
        {
            if (d < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(dimensions), d, "Vector dimensions cannot be negative.");
            }
        }

        Dimensions = dimensions.ToImmutableArray();
        var size = 1L;
        foreach (var d in dimensions)
        {
            size *= d;
        }

        if (size > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), size, "A vector can hold at most int.MaxValue items.");
        }

        Size = dimensions.Length == 0 ? 0 : (int)size;
    }

    /// <summary>The type of the items.</summary>
    public PrimitiveDataViewType ItemType { get; }

    /// <summary>The dimensions (row-major); empty for a variable-size vector.</summary>
    public ImmutableArray<int> Dimensions { get; }

    /// <summary>The number of items, or 0 when the size varies.</summary>
    public int Size { get; }

    /// <summary>Whether every vector in the column has <see cref="Size"/> items.</summary>
    public bool IsKnownSize => Size > 0;

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) =>
        other is VectorDataViewType v && v.ItemType.Equals(ItemType) && v.Dimensions.SequenceEqual(Dimensions);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = HashCode.Combine(41, ItemType);
        foreach (var d in Dimensions)
        {
            h = HashCode.Combine(h, d);
        }

        return h;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Dimensions.Length == 0 ? $"Vector<{ItemType}>" : $"Vector<{ItemType}, {string.Join(", ", Dimensions)}>";

    private static Type MakeRawType(PrimitiveDataViewType itemType)
    {
        ArgumentNullException.ThrowIfNull(itemType);
        return typeof(VBuffer<>).MakeGenericType(itemType.RawType);
    }
}

/// <summary>
/// The value of a vector column: <see cref="Length"/> items held densely (ML.NET's VBuffer, without the
/// sparse form). The backing array may be longer than <see cref="Length"/> so getters can reuse it.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public readonly struct VBuffer<T>
{
    private readonly T[]? _values;

    /// <summary>Wraps the first <paramref name="length"/> items of <paramref name="values"/> (not copied).</summary>
    public VBuffer(int length, T[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (length < 0 || length > values.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Length must be between 0 and the array's {values.Length} items.");
        }

        Length = length;
        _values = values;
    }

    /// <summary>Wraps all of <paramref name="values"/> (not copied).</summary>
    public VBuffer(T[] values)
        : this(values?.Length ?? 0, values!)
    {
    }

    /// <summary>The number of items.</summary>
    public int Length { get; }

    /// <summary>Always true: only the dense form exists here.</summary>
    public bool IsDense => true;

    /// <summary>The items.</summary>
    public ReadOnlySpan<T> GetValues() => _values is null ? ReadOnlySpan<T>.Empty : _values.AsSpan(0, Length);

    /// <summary>The items, enumerated (ML.NET's name).</summary>
    public IEnumerable<T> DenseValues()
    {
        for (var i = 0; i < Length; i++)
        {
            yield return _values![i];
        }
    }

    /// <summary>The item at <paramref name="index"/>.</summary>
    public T GetItemOrDefault(int index)
    {
        if ((uint)index >= (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The vector has {Length} items.");
        }

        return _values![index];
    }

    /// <summary>Copies the items into <paramref name="destination"/>, which must hold at least <see cref="Length"/>.</summary>
    public void CopyTo(Span<T> destination) => GetValues().CopyTo(destination);

    /// <summary>A new array holding the items.</summary>
    public T[] ToArray() => GetValues().ToArray();

    /// <summary>The backing array, which callers may reuse as a destination for the next value (may be longer than Length).</summary>
    public T[] GetBackingArrayOrEmpty() => _values ?? [];

    /// <summary>A buffer of <paramref name="length"/> items that reuses <paramref name="reuse"/>'s array when it is long enough.</summary>
    public static T[] RentArray(in VBuffer<T> reuse, int length)
    {
        var a = reuse._values;
        return a is not null && a.Length >= length ? a : new T[length];
    }

    /// <inheritdoc/>
    public override string ToString() => $"VBuffer<{typeof(T).Name}>[{Length}]";
}
