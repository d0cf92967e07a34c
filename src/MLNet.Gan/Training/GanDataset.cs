// Training images and labels held as one contiguous tensor each; batches are index_selects of them.
using MLNet.Gan.Networks;
using MLNet.Gan.Torch;

namespace MLNet.Gan.Training;

using Torch = MLNet.Gan.Torch.Torch;

/// <summary>The materialised training set: images (N, C, H, W) in [-1, 1] and optional labels (N).</summary>
internal sealed class GanDataset : IDisposable
{
    public GanDataset(Tensor images, Tensor? labels, IReadOnlyList<string>? classNames)
    {
        var shape = images.Shape;
        if (shape.Length != 4)
        {
            throw new ArgumentException($"images must be (N, C, H, W), found [{string.Join(", ", shape)}]", nameof(images));
        }

        Images = images;
        Labels = labels;
        Count = shape[0];
        Shape = new ImageShape((int)shape[1], (int)shape[2], (int)shape[3]);
        ClassNames = classNames ?? Array.Empty<string>();
        if (labels is not null && labels.Size(0) != Count)
        {
            throw new ArgumentException($"{labels.Size(0)} labels for {Count} images", nameof(labels));
        }
    }

    public Tensor Images { get; }

    public Tensor? Labels { get; }

    public long Count { get; }

    public ImageShape Shape { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public int NumClasses => Labels is null ? 0 : ClassNames.Count;

    /// <summary>Moves the tensors to <paramref name="device"/> (a no-op when already there).</summary>
    public GanDataset To(Device device)
    {
        if (Images.Device == device)
        {
            return this;
        }

        var images = Images.To(device).DetachFromDisposeScope();
        var labels = Labels?.To(device).DetachFromDisposeScope();
        return new GanDataset(images, labels, ClassNames);
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels?.Dispose();
    }
}

/// <summary>Walks the data set in shuffled epochs; its position is part of a checkpoint.</summary>
internal sealed class BatchSampler : IDisposable
{
    private readonly GanDataset _data;
    private readonly int _batchSize;
    private Tensor? _order;

    public BatchSampler(GanDataset data, int batchSize)
    {
        if (data.Count < batchSize)
        {
            throw new ArgumentException($"the data has {data.Count} rows, fewer than one batch of {batchSize}: lower BatchSize");
        }

        _data = data;
        _batchSize = batchSize;
    }

    /// <summary>Full batches per epoch (the last partial batch is dropped).</summary>
    public long BatchesPerEpoch => _data.Count / _batchSize;

    /// <summary>Completed epochs.</summary>
    public int Epoch { get; private set; }

    /// <summary>Batches taken in the current epoch.</summary>
    public long Cursor { get; private set; }

    /// <summary>True right after the last batch of an epoch was taken.</summary>
    public bool EpochJustEnded => Cursor == BatchesPerEpoch;

    /// <summary>The next batch: images (B, C, H, W) and labels (B) or null.</summary>
    public (Tensor Images, Tensor? Labels) Next()
    {
        if (_order is null || Cursor >= BatchesPerEpoch)
        {
            if (_order is not null)
            {
                Epoch++;
            }

            _order?.Dispose();
            _order = Torch.RandPerm(_data.Count, _data.Images.Device).DetachFromDisposeScope();
            Cursor = 0;
        }

        using var index = _order.Narrow(0, Cursor * _batchSize, _batchSize).DetachFromDisposeScope();
        Cursor++;
        return (_data.Images.IndexSelect(0, index), _data.Labels?.IndexSelect(0, index));
    }

    /// <summary>State for a checkpoint.</summary>
    public Dictionary<string, Tensor> State()
    {
        var state = new Dictionary<string, Tensor>
        {
            ["sampler.position"] = Tensor.From(new long[] { Epoch, Cursor, _order is null ? 0 : 1 }),
        };
        if (_order is not null)
        {
            state["sampler.order"] = _order.To(Device.Cpu);
        }

        return state;
    }

    /// <summary>Restores <see cref="State"/>.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> state)
    {
        var position = state["sampler.position"].ToArray<long>();
        Epoch = (int)position[0];
        Cursor = position[1];
        _order?.Dispose();
        _order = position[2] == 1 ? state["sampler.order"].To(_data.Images.Device).DetachFromDisposeScope() : null;
    }

    public void Dispose() => _order?.Dispose();
}
