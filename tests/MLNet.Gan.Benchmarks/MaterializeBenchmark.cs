// Loading Fashion-MNIST train and materialising it into one (N, 1, 28, 28) tensor: the data path before training.
using MLNet.Gan.Data;
using MLNet.Gan.Torch;

namespace MLNet.Gan.Benchmarks;

/// <summary>Times the IDX read, the fast IDX-to-tensor path and the generic per-image column path.</summary>
public sealed class MaterializeBenchmark : IBenchmarkSuite
{
    /// <inheritdoc/>
    public string Name => "materialize";

    /// <inheritdoc/>
    public string Description => "Fashion-MNIST train: read IDX (gzip), materialise to (N,1,28,28) float32 in [-1,1]; rows/s";

    /// <inheritdoc/>
    public void Run(string[] args)
    {
        var ctx = new GanContext(seed: 0);
        IdxDataView data = null!;
        var readMs = Timing.MedianMs(() => data = ctx.Data.LoadFashionMnist(FashionMnistSplit.Train), runs: 3, warmup: 1);
        var rows = data.ImageSet.Count;

        var fastMs = Timing.MedianMs(() => Dispose(ImageTensors.Materialize(data)), runs: 5, warmup: 1);

        // The same images as a plain MLImage column: the path any image data view takes.
        var images = data.GetColumn<MLImage>("Image").ToArray();
        var labels = data.GetColumn<uint>("Label").ToArray();
        var generic = new InMemoryDataView.Builder()
            .AddColumn("Image", new ImageDataViewType(28, 28), images)
            .AddColumn("Label", data.Schema["Label"].Type, labels, data.Schema["Label"].Annotations)
            .ToDataView();
        var genericMs = Timing.MedianMs(() => Dispose(ImageTensors.Materialize(generic)), runs: 3, warmup: 1);

        var endToEndMs = Timing.MedianMs(() => Dispose(ImageTensors.Materialize(ctx.Data.LoadFashionMnist(FashionMnistSplit.Train))), runs: 3, warmup: 0);

        Console.WriteLine($"rows: {rows}, threads: {Torch.Torch.Threads}");
        Console.WriteLine($"{"step",-44} {"ms",10} {"rows/s",14}");
        Print("read IDX (gzip) into memory", readMs, rows);
        Print("materialise, IDX fast path", fastMs, rows);
        Print("materialise, generic MLImage column", genericMs, rows);
        Print("read + materialise (end to end)", endToEndMs, rows);
    }

    private static void Print(string step, double ms, int rows) =>
        Console.WriteLine($"{step,-44} {ms,10:F1} {rows / (ms / 1000.0),14:N0}");

    private static void Dispose((Tensor Images, Tensor? Labels) result)
    {
        result.Images.Dispose();
        result.Labels?.Dispose();
    }
}
