// The pipeline side of GanTransformer: schema checks, the lazy per-row generator column, and the model file.
using MLNet.Gan.Data;
using MLNet.Gan.Generation;
using MLNet.Gan.Networks;
using MLNet.Gan.Torch;
using MLNet.Gan.Torch.NN;

namespace MLNet.Gan;

public sealed partial class GanTransformer
{
    /// <summary>The type of the generated column.</summary>
    public DataViewType OutputType => Info.ValueKind == GeneratedValueKind.Image
        ? new ImageDataViewType(Info.Height, Info.ImageWidth)
        : new VectorDataViewType(NumberDataViewType.Single, Info.VectorDimensions.Length > 0 ? Info.VectorDimensions : new[] { Info.Shape.Size });

    /// <summary>
    /// Data augmentation: <paramref name="data"/>'s rows followed by <paramref name="rowsPerClass"/> generated rows per
    /// class (in total for an unconditional model), same schema, ready for another trainer. Synthetic rows fill the
    /// training image column and the label column; other columns get default values.
    /// </summary>
    public IDataView AppendSyntheticRows(IDataView data, int rowsPerClass, int seed = 0) =>
        SyntheticRowsDataView.Create(this, data, rowsPerClass, seed);

    /// <summary>The generated type matching a data column of type <paramref name="columnType"/> (image size may be open).</summary>
    internal DataViewType OutputTypeFor(DataViewType columnType) =>
        columnType is ImageDataViewType { IsKnownSize: false } ? columnType : OutputType;

    /// <inheritdoc/>
    protected override BatchMapperBase MakeMapper(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.Kind = ModelKind;
        ctx.SetOptions(Info);
        foreach (var (name, tensor) in _generator.StateDict())
        {
            ctx.AddTensor("generator." + name, tensor.Device.IsCuda ? tensor.To(Device.Cpu).DetachFromDisposeScope() : tensor);
        }
    }

    /// <summary>Rebuilds a saved model (registered with the model file loader).</summary>
    [ModelLoader(ModelKind)]
    public static ITransformer Create(ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var info = ctx.GetOptions<GanModelInfo>();
        var context = new NetworkContext(info.Shape, info.LatentSize, info.ClassNames.Length);
        Module generator;
        if (info.CustomGenerator is { } custom)
        {
            if (!CustomGenerators.TryGetValue(custom, out var factory))
            {
                throw ctx.Error("manifest.json",
                    $"the model was trained with the custom generator '{custom}': call GanTransformer.RegisterGenerator(\"{custom}\", factory) before loading it");
            }

            generator = factory(context);
        }
        else
        {
            var options = new GanTrainer.Options { Architecture = info.Architecture, Width = info.Width, LatentSize = info.LatentSize };
            generator = NetworkFactory.CreateGenerator(options, context);
        }

        var state = ctx.Tensors
            .Where(p => p.Key.StartsWith("generator.", StringComparison.Ordinal))
            .ToDictionary(p => p.Key["generator.".Length..], p => p.Value);
        try
        {
            generator.LoadStateDict(state);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            generator.Dispose();
            throw ctx.Error("tensors", $"the generator weights do not match the manifest: {e.Message}", e);
        }
        finally
        {
            foreach (var t in ctx.Tensors.Values)
            {
                t.Dispose();
            }
        }

        var device = Device.Parse("auto");
        return new GanTransformer(info, generator.To(device), device, null);
    }

    /// <summary>Computes the generated column for a batch of rows in one generator pass.</summary>
    private sealed class Mapper : BatchMapperBase
    {
        private readonly GanTransformer _parent;
        private readonly DataViewSchema.Column? _label;
        private readonly DataViewSchema.Column? _seed;

        public Mapper(GanTransformer parent, DataViewSchema inputSchema)
            : base(inputSchema)
        {
            _parent = parent;
            var info = parent.Info;
            if (info.IsConditional)
            {
                var name = info.LabelColumnName ?? "Label";
                var label = inputSchema.GetColumnOrNull(name) ?? throw new ArgumentException(
                    $"label column '{name}' not found: this conditional model generates for each row's label; the data has: " +
                    string.Join(", ", inputSchema.Select(c => c.Name)));
                if (label.Type is not KeyDataViewType key || key.Count != (ulong)info.ClassNames.Length)
                {
                    throw new ArgumentException(
                        $"label column '{name}': expected a key type with {info.ClassNames.Length} classes, found {label.Type}");
                }

                _label = label;
            }

            if (info.SeedColumnName is { } seedName)
            {
                var seed = inputSchema.GetColumnOrNull(seedName) ?? throw new ArgumentException($"seed column '{seedName}' not found");
                if (!seed.Type.Equals(NumberDataViewType.Int32) && !seed.Type.Equals(NumberDataViewType.Int64))
                {
                    throw new ArgumentException($"seed column '{seedName}': expected Int32 or Int64, found {seed.Type}");
                }

                _seed = seed;
            }
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumns() =>
            new[] { new DataViewSchema.DetachedColumn(_parent.Info.OutputColumnName, _parent.OutputType) };

        protected override IEnumerable<DataViewSchema.Column> GetDependencies()
        {
            if (_label is { } l)
            {
                yield return l;
            }

            if (_seed is { } s)
            {
                yield return s;
            }
        }

        protected override void ComputeBatch(InputBatch batch, OutputBatch outputs)
        {
            if (!outputs.IsActive(0))
            {
                return;
            }

            var n = batch.Count;
            int[]? labels = null;
            if (_label is { } labelColumn)
            {
                var keys = batch.GetValues<uint>(labelColumn);
                labels = new int[n];
                for (var i = 0; i < n; i++)
                {
                    labels[i] = keys[i] != 0 ? (int)keys[i] - 1 : throw new InvalidDataException(
                        $"label column '{labelColumn.Name}', row {batch.FirstPosition + i}: the label is missing");
                }
            }

            var seeds = _seed switch
            {
                { } s when s.Type.Equals(NumberDataViewType.Int32) => batch.GetValues<int>(s).Select(v => (long)v).ToArray(),
                { } s => batch.GetValues<long>(s),
                null => Enumerable.Range(0, n).Select(i => batch.FirstPosition + i).ToArray(),
            };

            using var scope = Torch.Torch.NewScope();
            var images = _parent.Run(LatentSampler.SamplePerSeed(seeds, _parent.Info.LatentSize), n, labels); // (n, C, H, W)
            if (_parent.Info.ValueKind == GeneratedValueKind.Image)
            {
                outputs.SetValues(0, TensorImages.ToImages(images));
            }
            else
            {
                outputs.SetValues(0, TensorImages.ToVectors(images, _parent.Info.VectorZeroToOne).Select(v => new VBuffer<float>(v)).ToArray());
            }
        }
    }
}
