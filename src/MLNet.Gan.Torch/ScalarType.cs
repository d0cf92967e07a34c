namespace MLNet.Gan.Torch;

/// <summary>Element types of a tensor. The values equal libtorch's own numbering.</summary>
public enum ScalarType
{
    /// <summary>Unsigned 8-bit integer (images).</summary>
    UInt8 = 0,

    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 3,

    /// <summary>Signed 64-bit integer (labels, indices).</summary>
    Int64 = 4,

    /// <summary>16-bit IEEE float.</summary>
    Float16 = 5,

    /// <summary>32-bit IEEE float (the default for weights and activations).</summary>
    Float32 = 6,

    /// <summary>64-bit IEEE float.</summary>
    Float64 = 7,

    /// <summary>Boolean.</summary>
    Bool = 11,

    /// <summary>bfloat16.</summary>
    BFloat16 = 15,
}

/// <summary>Sizes and .NET counterparts of <see cref="ScalarType"/>.</summary>
public static class ScalarTypes
{
    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this ScalarType type) => type switch
    {
        ScalarType.UInt8 or ScalarType.Bool => 1,
        ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown scalar type"),
    };

    /// <summary>The scalar type that stores .NET type <typeparamref name="T"/>.</summary>
    public static ScalarType Of<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return ScalarType.Float32;
        if (typeof(T) == typeof(double)) return ScalarType.Float64;
        if (typeof(T) == typeof(long)) return ScalarType.Int64;
        if (typeof(T) == typeof(int)) return ScalarType.Int32;
        if (typeof(T) == typeof(byte)) return ScalarType.UInt8;
        if (typeof(T) == typeof(bool)) return ScalarType.Bool;
        if (typeof(T) == typeof(Half)) return ScalarType.Float16;
        throw new NotSupportedException($"no tensor element type for .NET type {typeof(T).Name}");
    }

    /// <summary>True for the floating-point types.</summary>
    public static bool IsFloatingPoint(this ScalarType type) =>
        type is ScalarType.Float16 or ScalarType.Float32 or ScalarType.Float64 or ScalarType.BFloat16;
}
