// Training images and labels held as one contiguous tensor each; batches are index_selects of them.
using MLNet.Gan.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Training;

/// <summary>The materialised training set: images (N, C, H, W) in [-1, 1] and optional labels (N).</summary>
internal sealed class GanDataset : IDisposable
{
    public GanDataset(Tensor images, Tensor? labels, IReadOnlyList<string>? classNames)
    {
        if (images.Dimensions != 4)
        {
            throw new ArgumentException($"images must be (N, C, H, W), found [{string.Join(", ", images.shape)}]", nameof(images));
        }

        Images = images;
        Labels = labels;
        Count = images.shape[0];
        Shape = new ImageShape((int)images.shape[1], (int)images.shape[2], (int)images.shape[3]);
        ClassNames = classNames ?? Array.Empty<string>();
        if (labels is not null && labels.shape[0] != Count)
        {
            throw new ArgumentException($"{labels.shape[0]} labels for {Count} images", nameof(labels));
        }
    }

    public Tensor Images { get; }

    public Tensor? Labels { get; }

    public long Count { get; }

    public ImageShape Shape { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public int NumClasses => Labels is null ? 0 : ClassNames.Count;

    /// <summary>Moves the tensors to <paramref name="device"/> (this same set when already there).</summary>
    public GanDataset To(Device device)
    {
        if (Images.device == device)
        {
            return this;
        }

        var images = Images.to(device).DetachFromDisposeScope();
        var labels = Labels?.to(device).DetachFromDisposeScope();
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
            _order = randperm(_data.Count, device: _data.Images.device).DetachFromDisposeScope();
            Cursor = 0;
        }

        var index = _order.narrow(0, Cursor * _batchSize, _batchSize);
        Cursor++;
        return (_data.Images.index_select(0, index), _data.Labels?.index_select(0, index));
    }

    /// <summary>State for a checkpoint (CPU tensors).</summary>
    public Dictionary<string, Tensor> State()
    {
        var state = new Dictionary<string, Tensor>
        {
            ["sampler.position"] = tensor(new long[] { Epoch, Cursor, _order is null ? 0 : 1 }),
        };
        if (_order is not null)
        {
            state["sampler.order"] = _order.cpu();
        }

        return state;
    }

    /// <summary>Restores <see cref="State"/>.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> state)
    {
        var position = state["sampler.position"].data<long>().ToArray();
        Epoch = (int)position[0];
        Cursor = position[1];
        _order?.Dispose();
        _order = position[2] == 1 ? state["sampler.order"].to(_data.Images.device).DetachFromDisposeScope() : null;
    }

    public void Dispose() => _order?.Dispose();
}
