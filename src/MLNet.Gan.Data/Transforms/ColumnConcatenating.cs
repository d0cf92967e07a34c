// Concatenate: joins numeric scalars and vectors of one item type into one vector column.
namespace MLNet.Gan.Data;

/// <summary>
/// Concatenates columns into a vector (ML.NET's ColumnConcatenatingEstimator).
/// <remarks>
/// Input: scalars or vectors of one number type (e.g. Single). Output: a vector of that type whose size is the
/// sum (variable when an input's is). Multi-dimensional inputs are flattened. Fitting reads no data.
/// </remarks>
/// </summary>
public sealed class ColumnConcatenatingEstimator : TrivialEstimator<ColumnConcatenatingTransformer>
{
    internal ColumnConcatenatingEstimator(GanContext context, string outputColumnName, string[] inputColumnNames)
        : base(new ColumnConcatenatingTransformer(outputColumnName, inputColumnNames))
    {
        _ = context;
    }
}

/// <summary>The transformer of <see cref="ColumnConcatenatingEstimator"/>.</summary>
public sealed class ColumnConcatenatingTransformer : RowToRowTransformerBase
{
    /// <summary>The model-file kind.</summary>
    public const string ModelKind = "Concatenate";

    private readonly Options _options;

    /// <summary>Concatenates <paramref name="inputColumnNames"/> into <paramref name="outputColumnName"/>.</summary>
    public ColumnConcatenatingTransformer(string outputColumnName, params string[] inputColumnNames)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentNullException.ThrowIfNull(inputColumnNames);
        if (inputColumnNames.Length == 0)
        {
            throw new ArgumentException("Concatenate needs at least one input column.", nameof(inputColumnNames));
        }

        _options = new Options { Output = outputColumnName, Inputs = inputColumnNames };
    }

    /// <inheritdoc/>
    protected override RowToRowMapperBase MakeMapper(DataViewSchema inputSchema) => new Mapper(_options, inputSchema);

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.Kind = ModelKind;
        ctx.SetOptions(_options);
    }

    [ModelLoader(ModelKind)]
    internal static ITransformer Create(ModelLoadContext ctx)
    {
        var o = ctx.GetOptions<Options>();
        return new ColumnConcatenatingTransformer(o.Output, o.Inputs);
    }

    internal sealed class Options
    {
        public string Output = string.Empty;
        public string[] Inputs = [];
    }

    private sealed class Mapper : RowToRowMapperBase
    {
        private readonly Options _options;
        private readonly DataViewSchema.Column[] _inputs;
        private readonly PrimitiveDataViewType _item;
        private readonly int _size;

        public Mapper(Options options, DataViewSchema inputSchema)
            : base(inputSchema)
        {
            _options = options;
            _inputs = options.Inputs.Select(n => inputSchema.GetRequiredColumn(n, "Concatenate")).ToArray();
            PrimitiveDataViewType? item = null;
            var size = 0;
            foreach (var c in _inputs)
            {
                var (thisItem, thisSize) = c.Type switch
                {
                    NumberDataViewType n => (n, 1),
                    VectorDataViewType { ItemType: NumberDataViewType n } v => (n, v.Size),
                    _ => ((PrimitiveDataViewType?)null, 0),
                };
                item ??= thisItem;
                DataViewExtensions.CheckColumnType(
                    c,
                    thisItem is not null && thisItem.Equals(item),
                    item is null ? "a number or a vector of numbers" : $"{item} or a vector of {item} (the type of the first input)",
                    "Concatenate");
                size = size < 0 || thisSize == 0 ? -1 : size + thisSize;
            }

            _item = item!;
            _size = Math.Max(size, 0);
            _ = OutputColumns;
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumns() =>
            [new(_options.Output, _size > 0 ? new VectorDataViewType(_item, _size) : new VectorDataViewType(_item))];

        protected override IEnumerable<DataViewSchema.Column> GetDependencies(int outputIndex) => _inputs;

        protected override Delegate MakeGetter(DataViewRow input, int outputIndex, out Action? disposer)
        {
            disposer = null;
            return (Delegate)MemberAccess.InvokeGeneric(typeof(Mapper), nameof(MakeTypedGetter), [_item.RawType], input, _inputs)!;
        }

        private static ValueGetter<VBuffer<T>> MakeTypedGetter<T>(DataViewRow input, DataViewSchema.Column[] inputs)
        {
            // Each part copies its current value into the destination span at the given offset and returns its length.
            var parts = inputs.Select(c => c.Type is VectorDataViewType ? VectorPart<T>(input, c) : ScalarPart<T>(input, c)).ToArray();
            var scratch = new List<T>();
            return (ref VBuffer<T> value) =>
            {
                scratch.Clear();
                foreach (var p in parts)
                {
                    p(scratch);
                }

                var dest = VBuffer<T>.RentArray(value, scratch.Count);
                scratch.CopyTo(dest);
                value = new VBuffer<T>(scratch.Count, dest);
            };
        }

        private static Action<List<T>> ScalarPart<T>(DataViewRow input, DataViewSchema.Column c)
        {
            var g = input.GetGetter<T>(c);
            return list =>
            {
                T v = default!;
                g(ref v);
                list.Add(v);
            };
        }

        private static Action<List<T>> VectorPart<T>(DataViewRow input, DataViewSchema.Column c)
        {
            var g = input.GetGetter<VBuffer<T>>(c);
            VBuffer<T> buffer = default;
            return list =>
            {
                g(ref buffer);
                foreach (var x in buffer.GetValues())
                {
                    list.Add(x);
                }
            };
        }
    }
}
