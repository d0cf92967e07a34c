// The safetensors file format: 8-byte little-endian header length, a JSON header, raw tensor bytes.
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MLNet.Gan.Torch;

/// <summary>Reads and writes named tensors in the safetensors format that PyTorch users read.</summary>
public static class Safetensors
{
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>
    /// Writes <paramref name="tensors"/> to <paramref name="path"/> through a temporary file that is
    /// renamed into place, so a crash never leaves a half-written file.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.Write(path, stream => Write(stream, tensors, metadata));
    }

    /// <summary>Writes <paramref name="tensors"/> to a stream (CPU copies are made as needed).</summary>
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                meta[k] = v;
            }

            header["__metadata__"] = meta;
        }

        long offset = 0;
        foreach (var name in names)
        {
            var t = tensors[name];
            var bytes = t.NumberOfElements * t.Dtype.ElementSize();
            header[name] = new JsonObject
            {
                ["dtype"] = DtypeName(t.Dtype, name),
                ["shape"] = new JsonArray(t.Shape.Select(s => (JsonNode)s).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }

        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
        stream.Write(len);
        stream.Write(json);
        for (var i = json.Length; i < padded; i++)
        {
            stream.WriteByte((byte)' ');
        }

        foreach (var name in names)
        {
            var t = tensors[name];
            var buffer = new byte[t.NumberOfElements * t.Dtype.ElementSize()];
            using (var raw = t.Dtype == ScalarType.Bool ? t.To(ScalarType.UInt8) : null)
            {
                (raw ?? t).CopyRawBytes(buffer);
            }

            stream.Write(buffer);
        }
    }

    /// <summary>Reads every tensor of a safetensors file (as CPU tensors owned by the caller).</summary>
    public static Dictionary<string, Tensor> Load(string path) => Load(path, out _);

    /// <summary>Reads every tensor and the string metadata of a safetensors file.</summary>
    public static Dictionary<string, Tensor> Load(string path, out Dictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"safetensors file not found: {path}", path);
        }

        using var stream = File.OpenRead(path);
        return Read(stream, path, out metadata);
    }

    /// <summary>Reads a safetensors stream; <paramref name="source"/> names it in error messages.</summary>
    public static Dictionary<string, Tensor> Read(Stream stream, string source, out Dictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var all = memory.GetBuffer().AsSpan(0, (int)memory.Length);
        if (all.Length < 8)
        {
            throw new InvalidDataException($"{source}: not a safetensors file (only {all.Length} bytes)");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(all);
        if (headerLength > (ulong)Math.Min(all.Length - 8, MaxHeaderBytes))
        {
            throw new InvalidDataException($"{source}: header length {headerLength} exceeds the file size {all.Length}");
        }

        JsonObject header;
        try
        {
            header = JsonNode.Parse(all.Slice(8, (int)headerLength))?.AsObject()
                ?? throw new InvalidDataException($"{source}: empty safetensors header");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: safetensors header is not valid JSON: {e.Message}", e);
        }

        var data = all.Slice(8 + (int)headerLength);
        metadata = new Dictionary<string, string>();
        var result = new Dictionary<string, Tensor>();
        try
        {
            foreach (var (name, node) in header)
            {
                if (name == "__metadata__")
                {
                    foreach (var (k, v) in node?.AsObject() ?? new JsonObject())
                    {
                        metadata[k] = v?.GetValue<string>() ?? string.Empty;
                    }

                    continue;
                }

                result[name] = ReadEntry(name, node, data, source);
            }
        }
        catch
        {
            foreach (var t in result.Values)
            {
                t.Dispose();
            }

            throw;
        }

        return result;
    }

    private static Tensor ReadEntry(string name, JsonNode? node, ReadOnlySpan<byte> data, string source)
    {
        var entry = node as JsonObject ?? throw new InvalidDataException($"{source}: entry '{name}' is not an object");
        var dtypeName = entry["dtype"]?.GetValue<string>() ?? throw new InvalidDataException($"{source}: entry '{name}' has no dtype");
        var dtype = ParseDtype(dtypeName, name, source);
        var shape = entry["shape"]?.AsArray().Select(s => s!.GetValue<long>()).ToArray()
            ?? throw new InvalidDataException($"{source}: entry '{name}' has no shape");
        var offsets = entry["data_offsets"]?.AsArray().Select(s => s!.GetValue<long>()).ToArray();
        if (offsets is not { Length: 2 } || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > data.Length)
        {
            throw new InvalidDataException($"{source}: entry '{name}' has data_offsets outside the {data.Length}-byte data block");
        }

        var expected = shape.Aggregate(1L, (a, b) => a * b) * dtype.ElementSize();
        if (offsets[1] - offsets[0] != expected)
        {
            throw new InvalidDataException(
                $"{source}: entry '{name}' of shape [{string.Join(", ", shape)}] {dtypeName} needs {expected} bytes but spans {offsets[1] - offsets[0]}");
        }

        var bytes = data.Slice((int)offsets[0], (int)expected);
        return TensorFromBytes(bytes, dtype, shape);
    }

    private static Tensor TensorFromBytes(ReadOnlySpan<byte> bytes, ScalarType dtype, long[] shape)
    {
        if (dtype == ScalarType.Bool)
        {
            using var u8 = Tensor.FromBytes(bytes, ScalarType.UInt8, shape);
            return u8.To(ScalarType.Bool);
        }

        return Tensor.FromBytes(bytes, dtype, shape);
    }

    private static string DtypeName(ScalarType t, string name) => t switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.UInt8 => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new NotSupportedException($"tensor '{name}': dtype {t} has no safetensors name"),
    };

    private static ScalarType ParseDtype(string s, string name, string source) => s switch
    {
        "F32" => ScalarType.Float32,
        "F64" => ScalarType.Float64,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "U8" => ScalarType.UInt8,
        "BOOL" => ScalarType.Bool,
        _ => throw new InvalidDataException($"{source}: entry '{name}' has unsupported dtype '{s}'"),
    };
}
