// The shared state of one ONNX export: every network piece writes its nodes and weights here through the helpers below,
// and the context hands out unique value names, pins the opset, records the graph's inputs, outputs and metadata, and
// builds the ModelProto (OnnxSharp's protobuf types) at the end. No piece builds a file by itself.
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Onnx;

/// <summary>Collects the nodes, weights, inputs, outputs and metadata of one ONNX graph.</summary>
internal sealed class OnnxExportContext
{
    /// <summary>
    /// The operator set every exported graph declares. 13 has every operator the built-in networks need (Gemm, Conv,
    /// ConvTranspose, BatchNormalization, Round, Clip with tensor bounds, Where, ReduceMin with an axes attribute,
    /// RandomNormal), and ONNX Runtime 1.32 and ML.NET's OnnxTransformer read it.
    /// </summary>
    public const int Opset = 13;

    /// <summary>The ONNX IR version that goes with <see cref="Opset"/> (IR 7 introduced opset 13).</summary>
    public const int IrVersion = 7;

    private readonly GraphProto _graph = new() { Name = "mlnet_gan" };
    private readonly Dictionary<string, int> _prefixCounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);

    /// <summary>The batch dimension of inputs and outputs: a number, or null for a dynamic axis named <c>batch</c>.</summary>
    public OnnxExportContext(int? batchSize) => BatchSize = batchSize;

    /// <summary>The static batch size, or null when the batch axis is dynamic.</summary>
    public int? BatchSize { get; }

    /// <summary>A value or node name not used before, derived from <paramref name="prefix"/>.</summary>
    public string UniqueName(string prefix)
    {
        var n = _prefixCounts.GetValueOrDefault(prefix);
        string name;
        while (!_names.Add(name = n == 0 ? prefix : $"{prefix}_{n}"))
        {
            n++;
        }

        _prefixCounts[prefix] = n + 1;
        return name;
    }

    /// <summary>Declares a graph input of <paramref name="type"/> with shape (batch, <paramref name="features"/>).</summary>
    public string AddInput(string name, TensorProto.Types.DataType type, long features)
    {
        Reserve(name);
        _graph.Input.Add(ValueInfo(name, type, features));
        return name;
    }

    /// <summary>Declares <paramref name="value"/>, a float (batch, <paramref name="features"/>) value, as the graph output <paramref name="name"/>.</summary>
    public void AddOutput(string value, string name, long features)
    {
        Reserve(name);
        Node("Identity", [value], name);
        _graph.Output.Add(ValueInfo(name, TensorProto.Types.DataType.Float, features));
    }

    /// <summary>Records one metadata_props entry of the model.</summary>
    public void AddMetadata(string key, string value) => _metadata[key] = value;

    /// <summary>Adds a node and returns the name of its (first) output, a fresh name unless <paramref name="output"/> is given.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, string? output = null, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = UniqueName(opType.ToLowerInvariant()) };
        node.Input.AddRange(inputs);
        var result = output ?? UniqueName(node.Name + "_out");
        node.Output.Add(result);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return result;
    }

    /// <summary>A float32 weight from a tensor on any device and of any float type, stored as raw little-endian bytes.</summary>
    public string Weight(string prefix, Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var values = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        return Floats(prefix, values, tensor.shape);
    }

    /// <summary>A float32 constant of shape <paramref name="dims"/>.</summary>
    public string Floats(string prefix, float[] values, params long[] dims) =>
        Initializer(prefix, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    /// <summary>A float32 scalar constant (shape []), for broadcasting arithmetic.</summary>
    public string Scalar(string prefix, float value) => Floats(prefix, [value]);

    /// <summary>An int64 constant of shape [values.Length] (shapes, axes, slice bounds).</summary>
    public string Int64s(string prefix, params long[] values) =>
        Initializer(prefix, TensorProto.Types.DataType.Int64, MemoryMarshal.AsBytes(values.AsSpan()), values.Length);

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float attribute.</summary>
    public static AttributeProto Attribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>An integer-list attribute.</summary>
    public static AttributeProto Attribute(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>The finished model: opset <see cref="Opset"/>, the graph, producer and metadata.</summary>
    public ModelProto ToModel(string docString)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "MLNet.Gan",
            ProducerVersion = OnnxContract.LibraryVersion,
            Domain = "mlnet.gan",
            ModelVersion = 1,
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        foreach (var (key, value) in _metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    private string Initializer(string prefix, TensorProto.Types.DataType type, ReadOnlySpan<byte> bytes, params long[] dims)
    {
        var tensor = new TensorProto { Name = UniqueName(prefix), DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    private ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, long features)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(BatchSize is { } batch
            ? new TensorShapeProto.Types.Dimension { DimValue = batch }
            : new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = features });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    // A graph input or output keeps its contract name: reserve it so that no generated name takes it.
    private void Reserve(string name)
    {
        if (!_names.Add(name))
        {
            throw new InvalidOperationException($"the ONNX graph already has a value named '{name}'");
        }
    }
}
