// Measures reading a float vector column into one tensor: chunked native copies vs one tensor per row + stack.
using MLNet.Gan.Data;
using MLNet.Gan.Torch;

namespace MLNet.Gan.Benchmarks;

/// <summary>DataViewTensors.ToTensor on an MNIST-sized column, against building one tensor per row and stacking.</summary>
public sealed class DataViewTensorsBenchmark : IBenchmarkSuite
{
    /// <inheritdoc/>
    public string Name => "dataview-tensors";

    /// <inheritdoc/>
    public string Description => "float vector column (N x 784) to one tensor: chunked copy vs per-row tensors + stack";

    /// <inheritdoc/>
    public void Run(string[] args)
    {
        const int rows = 20_000, size = 784;
        var random = new Random(1);
        var vectors = new VBuffer<float>[rows];
        for (var i = 0; i < rows; i++)
        {
            var v = new float[size];
            for (var j = 0; j < size; j++)
            {
                v[j] = (float)random.NextDouble();
            }

            vectors[i] = new VBuffer<float>(v);
        }

        var view = new InMemoryDataView.Builder()
            .AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, 1, 28, 28), vectors)
            .ToDataView();
        var enumerable = new GanContext(1).Data.LoadFromEnumerable(vectors.Select(v => new Row { Features = v.ToArray() }).ToArray());

        var chunked = Timing.MedianMs(() => DataViewTensors.ToTensor(view, "Features").Dispose(), runs: 5);
        var fromEnumerable = Timing.MedianMs(() => DataViewTensors.ToTensor(enumerable, "Features").Dispose(), runs: 5);
        var perRow = Timing.MedianMs(
            () =>
            {
                using var scope = Torch.Torch.NewScope();
                var list = view.GetColumn<VBuffer<float>>("Features").Select(v => Tensor.From(v.ToArray(), 1, 28, 28)).ToList();
                Torch.Torch.Stack(list, 0).Dispose();
            },
            runs: 3);

        Console.WriteLine($"{"method",-40} {"ms",10} {"rows/s",12}");
        Console.WriteLine($"{"ToTensor (in-memory view)",-40} {chunked,10:F1} {rows / chunked * 1000,12:F0}");
        Console.WriteLine($"{"ToTensor (LoadFromEnumerable view)",-40} {fromEnumerable,10:F1} {rows / fromEnumerable * 1000,12:F0}");
        Console.WriteLine($"{"one tensor per row + Stack",-40} {perRow,10:F1} {rows / perRow * 1000,12:F0}");
        Console.WriteLine($"speed-up of ToTensor over per-row tensors: {perRow / chunked:F1}x");
    }

    private sealed class Row
    {
        [VectorType(1, 28, 28)]
        public float[] Features = [];
    }
}
