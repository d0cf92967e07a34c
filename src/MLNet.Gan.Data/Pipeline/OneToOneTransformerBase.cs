// Base for transformers that turn each input column of a list of (output, input) pairs into one output column.
using System.Collections.Immutable;

namespace MLNet.Gan.Data;

/// <summary>
/// Base of transformers mapping columns one to one: for each pair in <see cref="ColumnPairs"/>, the output
/// column is computed from the input column alone (e.g. resize an image, map a value to a key).
/// Subclasses check the input column's type in <see cref="GetOutputType"/> and compute values in
/// <see cref="MakeGetter"/>.
/// </summary>
public abstract class OneToOneTransformerBase : RowToRowTransformerBase
{
    /// <summary>Creates a transformer over the given (output, input) column pairs.</summary>
    protected OneToOneTransformerBase(params (string outputColumnName, string inputColumnName)[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0)
        {
            throw new ArgumentException("At least one column pair is needed.", nameof(columns));
        }

        foreach (var (o, i) in columns)
        {
            ArgumentException.ThrowIfNullOrEmpty(o, "outputColumnName");
            ArgumentException.ThrowIfNullOrEmpty(i, "inputColumnName");
        }

        var dup = columns.GroupBy(c => c.outputColumnName).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
        {
            throw new ArgumentException($"Output column '{dup.Key}' is produced twice.", nameof(columns));
        }

        ColumnPairs = [.. columns];
    }

    /// <summary>The (output, input) column name pairs.</summary>
    public ImmutableArray<(string outputColumnName, string inputColumnName)> ColumnPairs { get; }

    /// <summary>A short name of the transform for error messages (defaults to the class name).</summary>
    protected virtual string DisplayName => GetType().Name;

    /// <summary>
    /// The output type of pair <paramref name="pairIndex"/> for <paramref name="inputColumn"/>; throw
    /// (e.g. with <see cref="DataViewExtensions.CheckColumnType"/>) naming the column, the type found and the type expected.
    /// </summary>
    protected abstract DataViewType GetOutputType(int pairIndex, DataViewSchema.Column inputColumn);

    /// <summary>Annotations of the output column of pair <paramref name="pairIndex"/> (none by default).</summary>
    protected virtual DataViewSchema.Annotations? GetOutputAnnotations(int pairIndex, DataViewSchema.Column inputColumn) => null;

    /// <summary>
    /// A <see cref="ValueGetter{TValue}"/> (of the output type's raw type) computing pair
    /// <paramref name="pairIndex"/>'s value from <paramref name="input"/>'s <paramref name="inputColumn"/>.
    /// Called once per cursor.
    /// </summary>
    protected abstract Delegate MakeGetter(DataViewRow input, int pairIndex, DataViewSchema.Column inputColumn, out Action? disposer);

    /// <inheritdoc/>
    protected sealed override RowToRowMapperBase MakeMapper(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    private sealed class Mapper : RowToRowMapperBase
    {
        private readonly OneToOneTransformerBase _parent;
        private readonly DataViewSchema.Column[] _inputs;

        public Mapper(OneToOneTransformerBase parent, DataViewSchema inputSchema)
            : base(inputSchema)
        {
            _parent = parent;
            _inputs = parent.ColumnPairs
                .Select(p => inputSchema.GetRequiredColumn(p.inputColumnName, parent.DisplayName))
                .ToArray();

            // Validate now so that GetOutputSchema and Transform fail early.
            _ = OutputColumns;
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumns() =>
            _parent.ColumnPairs
                .Select((p, i) => new DataViewSchema.DetachedColumn(
                    p.outputColumnName, _parent.GetOutputType(i, _inputs[i]), _parent.GetOutputAnnotations(i, _inputs[i])))
                .ToArray();

        protected override IEnumerable<DataViewSchema.Column> GetDependencies(int outputIndex) => [_inputs[outputIndex]];

        protected override Delegate MakeGetter(DataViewRow input, int outputIndex, out Action? disposer) =>
            _parent.MakeGetter(input, outputIndex, _inputs[outputIndex], out disposer);
    }
}
