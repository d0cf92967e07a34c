// JSON form of schemas and column types for model-file manifests (key value names included).
using System.Text.Json.Nodes;

namespace MLNet.Gan.Data;

/// <summary>
/// Writes and reads schemas as JSON: <c>[{"name": "Label", "type": {"kind": "Key", "count": 10}, "keyValues": [...]}]</c>.
/// Only text key values are kept among annotations.
/// </summary>
public static class SchemaJson
{
    /// <summary>The schema's columns (hidden ones too, in order) as a JSON array.</summary>
    public static JsonArray Write(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var array = new JsonArray();
        foreach (var c in schema)
        {
            var node = new JsonObject { ["name"] = c.Name, ["type"] = WriteType(c.Type) };
            if (c.HasKeyValues())
            {
                VBuffer<string> names = default;
                c.GetKeyValues(ref names);
                node["keyValues"] = new JsonArray(names.ToArray().Select(n => (JsonNode?)n).ToArray());
            }

            array.Add(node);
        }

        return array;
    }

    /// <summary>Reads a schema written by <see cref="Write"/>; throws <see cref="FormatException"/> naming the column.</summary>
    public static DataViewSchema Read(JsonArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        var b = new DataViewSchema.Builder();
        var i = 0;
        foreach (var item in array)
        {
            var name = item?["name"]?.GetValue<string>() ?? throw new FormatException($"column {i} has no name");
            var type = ReadType(item["type"], name);
            DataViewSchema.Annotations? annotations = null;
            if (item["keyValues"] is JsonArray names)
            {
                annotations = AnnotationUtils.KeyValuesAnnotation(names.Select(n => n?.GetValue<string>() ?? string.Empty).ToList());
            }

            b.AddColumn(name, type, annotations);
            i++;
        }

        return b.ToSchema();
    }

    /// <summary>A column type as JSON.</summary>
    public static JsonObject WriteType(DataViewType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type switch
        {
            NumberDataViewType n => new JsonObject { ["kind"] = n.ToString() },
            BooleanDataViewType => new JsonObject { ["kind"] = "Boolean" },
            TextDataViewType => new JsonObject { ["kind"] = "String" },
            KeyDataViewType k => new JsonObject { ["kind"] = "Key", ["count"] = k.Count },
            ImageDataViewType im => new JsonObject { ["kind"] = "Image", ["height"] = im.Height, ["width"] = im.Width },
            VectorDataViewType v => new JsonObject
            {
                ["kind"] = "Vector",
                ["item"] = WriteType(v.ItemType),
                ["dims"] = new JsonArray(v.Dimensions.Select(d => (JsonNode?)d).ToArray()),
            },
            _ => throw new NotSupportedException($"Column type {type} ({type.GetType().Name}) cannot be written to a model file."),
        };
    }

    /// <summary>Reads a column type written by <see cref="WriteType"/>.</summary>
    public static DataViewType ReadType(JsonNode? node, string columnName)
    {
        var kind = node?["kind"]?.GetValue<string>() ?? throw new FormatException($"column '{columnName}' has no type kind");
        return kind switch
        {
            "Single" => NumberDataViewType.Single,
            "Double" => NumberDataViewType.Double,
            "Int32" => NumberDataViewType.Int32,
            "Int64" => NumberDataViewType.Int64,
            "Byte" => NumberDataViewType.Byte,
            "UInt32" => NumberDataViewType.UInt32,
            "Boolean" => BooleanDataViewType.Instance,
            "String" => TextDataViewType.Instance,
            "Key" => new KeyDataViewType(node["count"]?.GetValue<ulong>() ?? throw new FormatException($"key column '{columnName}' has no count")),
            "Image" => new ImageDataViewType(node["height"]?.GetValue<int>() ?? 0, node["width"]?.GetValue<int>() ?? 0),
            "Vector" => new VectorDataViewType(
                ReadType(node["item"], columnName) as PrimitiveDataViewType ?? throw new FormatException($"vector column '{columnName}' has a non-primitive item type"),
                (node["dims"] as JsonArray)?.Select(d => d!.GetValue<int>()).ToArray() ?? []),
            _ => throw new FormatException($"column '{columnName}' has unknown type kind '{kind}'"),
        };
    }
}
