// The same networks through TorchSharp and through their exported ONNX graphs in ONNX Runtime, side by side in one run:
// generation at batch 1 and 64, colorization, the stock ML.NET pipelines; and the published size of samples/OnnxServing
// against an app that carries TorchSharp-cpu (the mlnet-gan CLI).
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MLNet.Gan.Colorization;
using MLNet.Gan.Generation;
using MLNet.Gan.NotebookRunner;
using MLNet.Gan.Networks;
using MLNet.Gan.Onnx;
using MLNet.Gan.Runtime;
using static TorchSharp.torch;

namespace MLNet.Gan.Benchmarks;

public sealed class OnnxBenchmark : IBenchmarkSuite
{
    public string Name => "onnx";

    public string Description => "generation and colorization img/s, TorchSharp vs ONNX Runtime (and ML.NET's pipeline), and published app sizes";

    public void Run(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        var seconds = BenchmarkArgs.Int(args, "--seconds", 3);
        var folder = Directory.CreateTempSubdirectory("mlnetgan-onnx-bench-").FullName;
        try
        {
            Console.WriteLine($"threads: {get_num_threads()} for TorchSharp and ONNX Runtime alike; each figure: images in about {seconds} s after a warm-up; one run, same machine");
            Console.WriteLine("| work | batch | TorchSharp img/s | ONNX Runtime img/s | ratio | ML.NET pipeline img/s |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            Generation(folder, seconds);
            Colorization(folder, seconds);
            Console.WriteLine();
            if (!args.Contains("--no-publish"))
            {
                PublishedSizes(folder);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The default conditional GAN's generator (28 px gray, DCGAN width 32, latent 64, 10 classes), untrained: speed does not depend on training.
    private static void Generation(string folder, int seconds)
    {
        random.manual_seed(1);
        var info = new GanModelInfo { Architecture = GanArchitecture.Dcgan, Width = 32, LatentSize = 64, Channels = 1, Height = 28, ImageWidth = 28, ClassNames = Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray() };
        using var gan = new GanTransformer(new MLContext(), info, NetworkFactory.CreateGenerator(GanArchitecture.Dcgan, 32, new NetworkContext(info.Shape, 64, 10)), CPU, null);
        var single = Path.Combine(folder, "g1.onnx");
        var dynamic = Path.Combine(folder, "gdyn.onnx");
        gan.ExportOnnx(dynamic, new OnnxExportOptions { BatchSize = null });
        var pipeline = gan.ToOnnxPipeline(new MLContext(), single);
        using var one = Session(single);
        using var many = Session(dynamic);
        foreach (var batch in new[] { 1, 64 })
        {
            var latent = LatentSampler.Sample(1, batch, 64);
            var labels = Enumerable.Range(0, batch).Select(i => i % 10).ToArray();
            var torchRate = Rate(batch, seconds, () =>
            {
                using var scope = NewDisposeScope();
                gan.Run(latent, batch, labels);
            });
            var session = batch == 1 ? one : many;
            var inputs = new List<NamedOnnxValue>
            {
                NamedOnnxValue.CreateFromTensor("Latent", new DenseTensor<float>(latent, [batch, 64])),
                NamedOnnxValue.CreateFromTensor("Label", new DenseTensor<long>(labels.Select(l => (long)l).ToArray(), [batch, 1])),
            };
            var onnxRate = Rate(batch, seconds, () => session.Run(inputs).Dispose());
            var mlnet = batch == 1 ? MlNetGenerationRate(pipeline, seconds) : double.NaN;
            Row($"cGAN generator 28 px gray (DCGAN width 32)", batch, torchRate, onnxRate, mlnet);
        }
    }

    // The colorizer's defaults (64 px, U-Net depth 5, width 32): TorchSharp's Colorize (image in, image out) against the
    // exported graph (gray floats in, color floats out, recombination included) and the ML.NET chain (image in, image out).
    private static void Colorization(string folder, int seconds)
    {
        random.manual_seed(2);
        var info = new ColorizerModelInfo { ImageSize = 64, UNetDepth = 5, Width = 32 };
        using var colorizer = new ColorizerTransformer(new MLContext(), info, ColorizerTransformer.Freeze(new UNetGenerator(64, 5, 32)), CPU, null);
        var gray = Enumerable.Range(0, 64 * 64).Select(i => (byte)(i * 7 % 256)).ToArray();
        using var image = Imaging.ImagePixels.FromGray(gray, 64, 64);
        var torchRate = Rate(1, seconds, () => colorizer.Colorize(image).Dispose());
        var path = Path.Combine(folder, "colorizer.onnx");
        var pipeline = colorizer.ToOnnxPipeline(new MLContext(), path);
        using var session = Session(path);
        var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("Gray", new DenseTensor<float>(gray.Select(g => (float)g).ToArray(), [1, 64 * 64])) };
        var onnxRate = Rate(1, seconds, () => session.Run(inputs).Dispose());
        var ml = new MLContext();
        var mlnet = Rate(16, seconds, () =>
        {
            var rows = Enumerable.Range(0, 16).Select(_ => new ColorizerOnnxInput { Image = Imaging.ImagePixels.FromGray(gray, 64, 64) }).ToList();
            foreach (var colored in pipeline.Model.Transform(ml.Data.LoadFromEnumerable(rows, pipeline.InputDefinition)).GetColumn<MLImage>(OnnxPipeline.ColorizedImageColumn))
            {
                colored.Dispose();
            }
        });
        Row("colorizer 64 px (U-Net depth 5, width 32)", 1, torchRate, onnxRate, mlnet);
    }

    // Rows of (Latent, Label) through ApplyOnnxModel + ConvertToImage, 64 rows per pass.
    private static double MlNetGenerationRate(OnnxPipeline pipeline, int seconds)
    {
        var ml = new MLContext();
        var rows = Enumerable.Range(0, 64).Select(i => new GeneratorOnnxInput { Latent = LatentSampler.Sample(i, 1, 64), Label = [i % 10] }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows, pipeline.InputDefinition);
        return Rate(64, seconds, () =>
        {
            foreach (var image in pipeline.Model.Transform(data).GetColumn<MLImage>(OnnxPipeline.GeneratedImageColumn))
            {
                image.Dispose();
            }
        });
    }

    // ONNX Runtime with as many intra-op threads as TorchSharp uses.
    private static InferenceSession Session(string path)
    {
        using var options = new SessionOptions { IntraOpNumThreads = get_num_threads(), InterOpNumThreads = 1 };
        return new InferenceSession(path, options);
    }

    // Images per second of a call that makes `images` images: one warm-up call, then calls until `seconds` have passed.
    private static double Rate(int images, int seconds, Action call)
    {
        call();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var calls = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            call();
            calls++;
        }

        return calls * images / watch.Elapsed.TotalSeconds;
    }

    private static void Row(string work, int batch, double torch, double onnx, double mlnet) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {work} | {batch} | {torch:N0} | {onnx:N0} | {onnx / torch:0.00}x | {(double.IsNaN(mlnet) ? "-" : mlnet.ToString("N0", CultureInfo.InvariantCulture))} |"));

    // `dotnet publish` (Release, linux-x64, framework-dependent) of the sample and of the CLI, and the size of each folder.
    private static void PublishedSizes(string folder)
    {
        var repo = ChildProcess.RepoRoot();
        Console.WriteLine("| published app (Release, linux-x64, framework-dependent) | files | size | largest file |");
        Console.WriteLine("| --- | ---: | ---: | --- |");
        foreach (var (name, project) in new[]
        {
            ("samples/OnnxServing: Microsoft.ML + ImageAnalytics + OnnxTransformer + OnnxRuntime", "samples/OnnxServing/OnnxServing.csproj"),
            ("mlnet-gan CLI: MLNet.Gan + TorchSharp-cpu", "src/MLNet.Gan.Cli/MLNet.Gan.Cli.csproj"),
        })
        {
            var output = Path.Combine(folder, Path.GetFileNameWithoutExtension(project));
            ChildProcess.Dotnet(["publish", Path.Combine(repo, project), "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-nodeReuse:false",
                "-v:q", "--artifacts-path", Path.Combine(folder, "build"), "-o", output], TimeSpan.FromMinutes(10), repo);
            var files = new DirectoryInfo(output).GetFiles("*", SearchOption.AllDirectories);
            var largest = files.MaxBy(f => f.Length)!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {files.Length} | {files.Sum(f => f.Length) / 1e6:0.0} MB | {largest.Name} ({largest.Length / 1e6:0.0} MB) |"));
        }
    }
}
