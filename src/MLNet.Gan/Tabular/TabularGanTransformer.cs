// The fitted tabular GAN: generates rows in the training schema (all of them, or conditioned on a category to rebalance
// a rare class), appends synthetic rows to a data view for the next ML.NET trainer, and saves into the library's model files.
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Generation;
using MLNet.Gan.IO;
using MLNet.Gan.Runtime;
using MLNet.Gan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Tabular;

/// <summary>
/// A trained tabular generator. <see cref="Generate(int, int)"/> gives rows of the training columns in their types, the
/// same rows for the same seed (also after a save/load round trip); <see cref="Generate(int, ValueTuple{string, string}, int)"/>
/// gives rows whose categorical column holds a value (the generator is conditioned on it and rows are drawn until that many
/// hold it); <see cref="AppendSyntheticRows"/> adds them to a data view. <see cref="Transform"/> passes the data through
/// unchanged, or appends <see cref="TabularModelInfo.RowsToAppend"/> rows when training asked for it, so the transformer can
/// sit in a pipeline. Thread-safe: concurrent callers share the generator under a lock.
/// </summary>
public sealed class TabularGanTransformer : ITransformer, IDisposable, IGanModelPart
{
    internal const string PartKindName = "tabular-gan";
    private const string InfoEntry = "tabular.json";
    private const string WeightsEntry = "generator.safetensors";
    private const int RowsPerBatch = 1000;
    private readonly TabularGenerator _generator;
    private readonly TabularEncoding _encoding;
    private readonly object _lock = new();
    private bool _disposed;

    internal TabularGanTransformer(MLContext context, TabularModelInfo info, TabularGenerator generator, Device device, TrainingHistory? history)
    {
        Context = context;
        Info = info;
        _generator = generator;
        _encoding = new TabularEncoding(info.Columns);
        Device = device;
        History = history;
        _generator.eval();
        foreach (var p in _generator.parameters())
        {
            p.requires_grad = false;
        }

        GeneratedSchema = TableDataView.SchemaOf(info.Columns);
    }

    /// <summary>What the model learned (columns, categories, mixtures) and how it was trained.</summary>
    public TabularModelInfo Info { get; }

    /// <summary>The schema of generated rows: the learned columns in their training types.</summary>
    public DataViewSchema GeneratedSchema { get; }

    /// <summary>The training history, when this model was just trained (null after loading).</summary>
    public TrainingHistory? History { get; }

    /// <summary>The device generation runs on.</summary>
    public Device Device { get; }

    /// <summary>False: rows are generated in batches by this transformer's own data views.</summary>
    public bool IsRowToRowMapper => false;

    string IGanModelPart.PartKind => PartKindName;

    internal MLContext Context { get; }

    /// <summary><paramref name="count"/> synthetic rows in the training schema, drawn as the data's categories occur.</summary>
    public IDataView Generate(int count, int seed = 0) => GenerateRows(count, seed, null);

    /// <summary>
    /// <paramref name="count"/> synthetic rows whose categorical column <paramref name="where"/>.Column holds
    /// <paramref name="where"/>.Value: the conditional vector asks for it, and rows are drawn until <paramref name="count"/> hold it.
    /// </summary>
    /// <exception cref="ArgumentException">The column is not a learned categorical column, or the value is not one of its categories.</exception>
    /// <exception cref="InvalidOperationException">The generator rarely produces the value (it has not learned it): fewer rows than asked for after many draws.</exception>
    public IDataView Generate(int count, (string Column, string Value) where, int seed = 0) => GenerateRows(count, seed, Resolve(where));

    /// <summary>
    /// Data augmentation: <paramref name="data"/>'s rows followed by <paramref name="rows"/> synthetic rows (of one category of
    /// a column when <paramref name="where"/> is given), in <paramref name="data"/>'s schema. Its learned columns must have the
    /// generated types; its other columns hold their type's default in synthetic rows.
    /// </summary>
    public IDataView AppendSyntheticRows(IDataView data, int rows, (string Column, string Value)? where = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var synthetic = rows == 0 ? new TableDataView(GeneratedSchema, Info.Columns.Select(c => Array.CreateInstance(GeneratedSchema[c.Name].Type.RawType, 0)).ToArray(), 0)
            : GenerateRows(rows, seed, where is { } w ? Resolve(w) : null);
        return new AppendedRowsDataView(data, synthetic);
    }

    /// <summary>The input schema (rows are passed through or appended, never changed); checked against the learned columns when rows are appended.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (Info.RowsToAppend > 0)
        {
            foreach (var c in GeneratedSchema)
            {
                var column = inputSchema.GetColumnOrNull(c.Name) ?? throw SchemaErrors.Missing("tabular", c.Name, c.Type.ToString() ?? "?", inputSchema.Select(x => x.Name));
                if (!column.Type.Equals(c.Type))
                {
                    throw SchemaErrors.Mismatch("tabular", c.Name, c.Type.ToString() ?? "?", column.Type.ToString() ?? "?");
                }
            }
        }

        return inputSchema;
    }

    /// <summary>The input itself, or with <see cref="TabularModelInfo.RowsToAppend"/> synthetic rows appended (seed 0).</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ObjectDisposedException.ThrowIf(_disposed, this);
        GetOutputSchema(input.Schema);
        return Info.RowsToAppend == 0 ? input : AppendSyntheticRows(input, Info.RowsToAppend);
    }

    /// <summary>Not supported: rows are generated in batches; use <see cref="Transform"/>, <see cref="Generate(int, int)"/> or <see cref="AppendSyntheticRows"/>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("TabularGanTransformer is not a row-to-row mapper (it generates rows); use Generate or AppendSyntheticRows");

    /// <summary>Not supported: ML.NET's model loading is internal; use <c>mlContext.Model.SaveWithGan</c> or <see cref="Save"/>.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(GanModelFile.ModelSaveRefusal);

    /// <summary>Saves this model alone (written to a temporary name, then renamed into place).</summary>
    public void Save(string path) => GanModelFile.Save(Context, this, new DataViewSchema.Builder().ToSchema(), path);

    /// <summary>Loads a model saved by <see cref="Save"/> (or a model file holding just this transformer).</summary>
    public static TabularGanTransformer Load(MLContext context, string path) =>
        GanModelFile.Load(context, path, out _) as TabularGanTransformer
            ?? throw new InvalidDataException($"{path}: holds no single tabular GAN (an image model or a pipeline); load a pipeline with mlContext.Model.LoadWithGan");

    /// <summary>Frees the generator.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _generator.Dispose();
        }
    }

    void IGanModelPart.SavePart(ZipArchive zip, string prefix)
    {
        GanModelFile.WriteJson(zip, prefix + InfoEntry, Info);
        GanModelFile.WriteWeights(zip, prefix + WeightsEntry, _generator);
    }

    /// <summary>Rebuilds a saved tabular GAN from its part of a model file (data only: the manifest and the weights).</summary>
    internal static ITransformer LoadPart(MLContext context, ZipArchive zip, string prefix, string path)
    {
        TorchRuntime.EnsureLoaded();
        var info = GanModelFile.ReadJson<TabularModelInfo>(zip, prefix + InfoEntry, path);
        if (info.Kind != "tabular" || info.FormatVersion != 1)
        {
            throw new InvalidDataException($"{path}: {prefix}{InfoEntry}: kind '{info.Kind}' version {info.FormatVersion}, expected kind 'tabular' version 1");
        }

        TabularEncoding encoding;
        try
        {
            if (info.Columns.Length == 0)
            {
                throw new ArgumentException("no columns");
            }

            foreach (var c in info.Columns)
            {
                TableDataView.TypeOf(c);
                var consistent = c.Kind == TabularColumnKind.Numeric
                    ? c.ModeMeans.Length > 0 && c.ModeStds.Length == c.ModeMeans.Length && c.ModeWeights.Length == c.ModeMeans.Length && c.ModeStds.All(sd => sd > 0)
                    : c.Categories.Length > 0 && c.CategoryCounts.Length == c.EncodedWidth && (c.Type != "Key" || c.KeyCount == (ulong)c.Categories.Length);
                if (!consistent)
                {
                    throw new ArgumentException($"column '{c.Name}': its {(c.Kind == TabularColumnKind.Numeric ? "modes (means, stds, weights)" : "categories and their counts")} do not fit together");
                }
            }

            encoding = new TabularEncoding(info.Columns);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"{path}: {prefix}{InfoEntry}: {e.Message}", e);
        }

        var generator = new TabularGenerator(info.LatentSize + encoding.CondWidth, info.GeneratorLayers, encoding.Width);
        GanModelFile.ReadWeights(zip, prefix + WeightsEntry, path, generator, "tabular generator");
        var device = Devices.Resolve("auto", context);
        return new TabularGanTransformer(context, info, generator.to(device), device, null);
    }

    // The column index and category code a condition names, with errors that list what there is.
    private (int Column, int Code) Resolve((string Column, string Value) where)
    {
        ArgumentNullException.ThrowIfNull(where.Column);
        ArgumentNullException.ThrowIfNull(where.Value);
        var categorical = Info.CategoricalColumns.Select(c => c.Name).ToList();
        var index = Array.FindIndex(Info.Columns, c => c.Name == where.Column);
        if (index < 0)
        {
            throw new ArgumentException($"condition column '{where.Column}' is not a column of the model; its categorical columns: {string.Join(", ", categorical)}", nameof(where));
        }

        var column = Info.Columns[index];
        if (column.Kind != TabularColumnKind.Categorical)
        {
            throw new ArgumentException(
                $"condition column '{where.Column}' is numeric ({column.Type}); a condition names a categorical column: {string.Join(", ", categorical)}", nameof(where));
        }

        var code = column.CategoryIndex(where.Value);
        if (code < 0)
        {
            throw new ArgumentException(
                $"'{where.Value}' is not a category of column '{where.Column}'; its categories: {string.Join(", ", column.Categories.Take(30))}{(column.Categories.Length > 30 ? ", ..." : string.Empty)}", nameof(where));
        }

        return (index, code);
    }

    private TableDataView GenerateRows(int count, int seed, (int Column, int Code)? where)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var random = new Random(seed);
        var numbers = Info.Columns.Select(_ => new List<double>()).ToArray();
        var codes = Info.Columns.Select(_ => new List<int>()).ToArray();
        var drawn = 0L;
        var limit = where is null ? count : (50L * count) + (10 * RowsPerBatch);
        var kept = 0;
        while (kept < count)
        {
            if (drawn >= limit)
            {
                var (c, k) = where!.Value;
                throw new InvalidOperationException(
                    $"the model generated only {kept} rows with {Info.Columns[c].Name} = '{Info.Columns[c].Categories[k]}' in {drawn} draws, fewer than the {count} asked for: " +
                    "it has not learned that category well enough (train longer, or ask for fewer rows)");
            }

            var n = (int)Math.Min(RowsPerBatch, Math.Max(count - kept, where is null ? 0 : RowsPerBatch));
            var (batchNumbers, batchCodes) = _encoding.Decode(RunGenerator(n, random, where), n, random);
            drawn += n;
            for (var r = 0; r < n && kept < count; r++)
            {
                if (where is { } w && batchCodes[w.Column][r] != w.Code)
                {
                    continue;
                }

                kept++;
                for (var i = 0; i < Info.Columns.Length; i++)
                {
                    if (batchNumbers[i] is { } v)
                    {
                        numbers[i].Add(v[r]);
                    }
                    else
                    {
                        codes[i].Add(batchCodes[i][r]);
                    }
                }
            }
        }

        return TableDataView.FromDecoded(Info.Columns, numbers.Select(l => l.ToArray()).ToArray(), codes.Select(l => l.ToArray()).ToArray(), count);
    }

    // The generator's raw outputs (n, Width) for fresh z and conditional vectors drawn from random, row-major on the CPU.
    private float[] RunGenerator(int n, Random random, (int Column, int Code)? where)
    {
        var z = LatentSampler.Sample(random.Next(), n, Info.LatentSize);
        var cond = ConditionalSampler.SampleForGeneration(_encoding, n, random, where);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var input = cat(new[] { tensor(z, new long[] { n, Info.LatentSize }), tensor(cond, new long[] { n, _encoding.CondWidth }) }, 1).to(Device);
            return _generator.call(input).cpu().contiguous().data<float>().ToArray();
        }
    }
}
