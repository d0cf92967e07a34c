// NormalizeMinMax: learns each slot's minimum and maximum and scales values into [0, 1] (or [-1, 1] keeping zero).
using MLNet.Gan.Torch;

namespace MLNet.Gan.Data;

/// <summary>
/// Min-max normalisation (ML.NET's NormalizeMinMax).
/// <remarks>
/// Input: Single, or a vector of Single of known size. Output: the same type. Fitting reads up to
/// maximumExampleCount rows. Model file: per-slot scale and offset as tensors; y = (x - offset) * scale.
/// Slots whose range is 0 (or that saw no finite value) get scale 0.
/// </remarks>
/// </summary>
public sealed class NormalizingEstimator : IEstimator<NormalizingTransformer>
{
    private readonly string _output;
    private readonly string _input;
    private readonly long _maximumExampleCount;
    private readonly bool _fixZero;

    internal NormalizingEstimator(GanContext context, string outputColumnName, string inputColumnName, long maximumExampleCount, bool fixZero)
    {
        _ = context;
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximumExampleCount);
        _output = outputColumnName;
        _input = inputColumnName;
        _maximumExampleCount = maximumExampleCount;
        _fixZero = fixZero;
    }

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var column = CheckInput(inputSchema, _input);
        var b = new DataViewSchema.Builder();
        b.AddColumns(inputSchema);
        b.AddColumn(_output, column.Type);
        return b.ToSchema();
    }

    /// <summary>Reads the column and learns the per-slot scale and offset.</summary>
    public NormalizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var column = CheckInput(input.Schema, _input);
        var size = column.Type is VectorDataViewType v ? v.Size : 1;
        var min = Enumerable.Repeat(float.PositiveInfinity, size).ToArray();
        var max = Enumerable.Repeat(float.NegativeInfinity, size).ToArray();
        using (var cursor = input.GetRowCursor(column))
        {
            var read = NormalizingTransformer.Reader(cursor, column);
            var row = new float[size];
            for (long n = 0; n < _maximumExampleCount && cursor.MoveNext(); n++)
            {
                read(row);
                for (var i = 0; i < size; i++)
                {
                    if (float.IsFinite(row[i]))
                    {
                        min[i] = Math.Min(min[i], row[i]);
                        max[i] = Math.Max(max[i], row[i]);
                    }
                }
            }
        }

        var scale = new float[size];
        var offset = new float[size];
        for (var i = 0; i < size; i++)
        {
            if (!(max[i] >= min[i]))
            {
                continue;
            }

            if (_fixZero)
            {
                var m = Math.Max(Math.Abs(min[i]), Math.Abs(max[i]));
                scale[i] = m > 0 ? 1f / m : 0f;
            }
            else
            {
                offset[i] = min[i];
                scale[i] = max[i] > min[i] ? 1f / (max[i] - min[i]) : 0f;
            }
        }

        return new NormalizingTransformer(_output, _input, column.Type, scale, offset);
    }

    internal static DataViewSchema.Column CheckInput(DataViewSchema schema, string name)
    {
        var column = schema.GetRequiredColumn(name, "NormalizeMinMax");
        DataViewExtensions.CheckColumnType(
            column,
            column.Type == NumberDataViewType.Single || column.Type is VectorDataViewType { IsKnownSize: true } v && v.ItemType == NumberDataViewType.Single,
            "Single or a vector of Single of known size",
            "NormalizeMinMax");
        return column;
    }

    /// <summary>Default values of the options.</summary>
    public static class Defaults
    {
        /// <summary>Rows read at most when fitting.</summary>
        public const long MaximumExampleCount = 1_000_000_000;

        /// <summary>Scale by the largest magnitude so that 0 stays 0 (output in [-1, 1]).</summary>
        public const bool EnsureZeroUntouched = true;
    }

    /// <summary>Options of min-max normalisation of one column (ML.NET's NormalizingEstimator.MinMaxColumnOptions).</summary>
    public sealed class MinMaxColumnOptions
    {
        /// <summary>Name of the normalised column. Default: "Features".</summary>
        public string OutputColumnName = "Features";

        /// <summary>Name of the column to normalise; null means <see cref="OutputColumnName"/>. Default: null.</summary>
        public string? InputColumnName;

        /// <summary>Rows read at most when fitting. Default: <see cref="Defaults.MaximumExampleCount"/>.</summary>
        public long MaximumExampleCount = Defaults.MaximumExampleCount;

        /// <summary>Scale by the largest magnitude so that 0 stays 0 (output in [-1, 1]); false maps [min, max] to [0, 1]. Default: true.</summary>
        public bool EnsureZeroUntouched = Defaults.EnsureZeroUntouched;
    }
}

/// <summary>The transformer of <see cref="NormalizingEstimator"/>: y = (x - offset) * scale, slot by slot.</summary>
public sealed class NormalizingTransformer : OneToOneTransformerBase
{
    /// <summary>The model-file kind.</summary>
    public const string ModelKind = "NormalizeMinMax";

    private readonly DataViewType _type;
    private readonly float[] _scale;
    private readonly float[] _offset;

    internal NormalizingTransformer(string output, string input, DataViewType type, float[] scale, float[] offset)
        : base((output, input))
    {
        _type = type;
        _scale = scale;
        _offset = offset;
    }

    /// <summary>The per-slot scales.</summary>
    public IReadOnlyList<float> Scale => _scale;

    /// <summary>The per-slot offsets.</summary>
    public IReadOnlyList<float> Offset => _offset;

    /// <inheritdoc/>
    protected override string DisplayName => "NormalizeMinMax";

    /// <inheritdoc/>
    protected override DataViewType GetOutputType(int pairIndex, DataViewSchema.Column inputColumn)
    {
        DataViewExtensions.CheckColumnType(inputColumn, inputColumn.Type.Equals(_type), $"{_type} (the type it was fitted on)", "NormalizeMinMax");
        return _type;
    }

    /// <inheritdoc/>
    protected override Delegate MakeGetter(DataViewRow input, int pairIndex, DataViewSchema.Column inputColumn, out Action? disposer)
    {
        disposer = null;
        if (_type is not VectorDataViewType)
        {
            var g = input.GetGetter<float>(inputColumn);
            return (ValueGetter<float>)((ref float value) =>
            {
                g(ref value);
                value = (value - _offset[0]) * _scale[0];
            });
        }

        var vg = input.GetGetter<VBuffer<float>>(inputColumn);
        VBuffer<float> source = default;
        return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
        {
            vg(ref source);
            var src = source.GetValues();
            var dest = new float[src.Length];
            for (var i = 0; i < dest.Length; i++)
            {
                dest[i] = (src[i] - _offset[i]) * _scale[i];
            }

            value = new VBuffer<float>(dest);
        });
    }

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.Kind = ModelKind;
        ctx.Options = new System.Text.Json.Nodes.JsonObject
        {
            ["output"] = ColumnPairs[0].outputColumnName,
            ["input"] = ColumnPairs[0].inputColumnName,
            ["type"] = SchemaJson.WriteType(_type),
        };
        ctx.AddTensor("scale", Tensor.From(_scale));
        ctx.AddTensor("offset", Tensor.From(_offset));
    }

    [ModelLoader(ModelKind)]
    internal static ITransformer Create(ModelLoadContext ctx)
    {
        var o = ctx.Options ?? throw ctx.Error("manifest.json", "NormalizeMinMax has no options");
        var output = o["output"]!.GetValue<string>();
        using var scale = ctx.GetTensor("scale");
        using var offset = ctx.GetTensor("offset");
        return new NormalizingTransformer(output, o["input"]!.GetValue<string>(), SchemaJson.ReadType(o["type"], output), scale.ToArray<float>(), offset.ToArray<float>());
    }

    /// <summary>Copies a Single or Single-vector column's current value into a float span.</summary>
    internal static Action<float[]> Reader(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type is VectorDataViewType)
        {
            var vg = row.GetGetter<VBuffer<float>>(column);
            VBuffer<float> v = default;
            return dest =>
            {
                vg(ref v);
                v.CopyTo(dest);
            };
        }

        var g = row.GetGetter<float>(column);
        return dest => g(ref dest[0]);
    }
}
