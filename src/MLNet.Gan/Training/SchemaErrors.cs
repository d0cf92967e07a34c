// Schema errors worded like ML.NET's own: the column, what was expected, what was found.
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Gan.Training;

/// <summary>Builds the exceptions for a missing column or a column of the wrong type.</summary>
internal static class SchemaErrors
{
    /// <summary>ML.NET's "Could not find input column" with what was expected and the columns there are.</summary>
    public static ArgumentOutOfRangeException Missing(string role, string name, string expected, IEnumerable<string> present) =>
        new("inputSchema",
            $"Could not find {role} column '{name}' (expected {expected}); the data has: {string.Join(", ", present)}");

    /// <summary>ML.NET's "Schema mismatch for input column": expected vs found.</summary>
    public static ArgumentOutOfRangeException Mismatch(string role, string name, string expected, string found, string? advice = null) =>
        new("inputSchema",
            $"Schema mismatch for {role} column '{name}': expected {expected}, got {found}" + (advice is null ? string.Empty : $"; {advice}"));

    /// <summary>A schema-shape column as ML.NET writes types: Vector&lt;Single&gt;, Key&lt;UInt32&gt;, Image...</summary>
    public static string Describe(SchemaShape.Column column)
    {
        var item = column.IsKey ? $"Key<{column.ItemType}>" : column.ItemType.ToString();
        return (column.Kind == SchemaShape.Column.VectorKind.Scalar ? item : $"Vector<{item}>") ?? "?";
    }
}
