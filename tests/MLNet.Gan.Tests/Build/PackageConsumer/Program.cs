// A console app on the MLNet.Gan package: fits a conditional GAN in an ML.NET pipeline on 32 tiny in-memory images,
// saves one generated image and the loss curves (ScottPlot, a dependency of the package) as PNG and the fitted
// pipeline as a model file, and prints what it did: also how many public types the library exports (all of them load)
// and which SkiaSharp the process runs (ML.NET's images and ScottPlot share one).
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan;
using MLNet.Gan.Imaging;

string outputFolder = args.Length > 0 ? args[0] : "out";
Directory.CreateDirectory(outputFolder);

// 32 gray 8x8 images, (1, 8, 8) in [0, 255]: "left" is bright on its left half, "right" on its right half.
var random = new Random(5);
var rows = Enumerable.Range(0, 32).Select(i => new Row
{
    Label = i % 2 == 0 ? "left" : "right",
    Pixels = Enumerable.Range(0, 64).Select(p => (float)((p % 8 < 4) == (i % 2 == 0) ? 220 - random.Next(20) : 30 + random.Next(20))).ToArray(),
});

var mlContext = new MLContext(seed: 1);
IDataView data = mlContext.Data.LoadFromEnumerable(rows);
var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
    .Append(mlContext.Gan().Trainers.ConditionalGan(new GanTrainer.Options
    {
        ImageColumnName = "Pixels",
        LabelColumnName = "Label",
        Width = 8,
        LatentSize = 16,
        BatchSize = 16,
        MaxSteps = 10,
        Device = "cpu",
    }));
var model = pipeline.Fit(data);
GanTransformer gan = model.LastTransformer;

MLImage[] images = gan.Generate(2, label: gan.ResolveLabel("right"), seed: 3);
string png = Path.Combine(outputFolder, "generated.png");
images[0].Save(png);
string modelFile = Path.Combine(outputFolder, "model.zip");
mlContext.Model.SaveWithGan(model, data.Schema, modelFile);
string curves = Path.Combine(outputFolder, "loss_curve.png");
LossCurvePlot.Write(curves, gan.History!, width: 400, height: 300);

Console.WriteLine($"trained steps: {gan.History?.Steps}");
Console.WriteLine($"classes: {string.Join(",", gan.ClassNames)}");
Console.WriteLine($"image: {images[0].Width}x{images[0].Height} {png}");
Console.WriteLine($"model: {modelFile}");
Console.WriteLine($"loss curves: {curves}");
Console.WriteLine($"exported types: {typeof(GanTrainer).Assembly.GetExportedTypes().Length}");
foreach (var skia in AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "SkiaSharp"))
{
    Console.WriteLine($"SkiaSharp: {skia.GetName().Version?.Major} {System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(skia)?.Name}");
}
foreach (MLImage image in images)
{
    image.Dispose();
}

/// <summary>One training row: a flattened gray image and its class name.</summary>
internal sealed class Row
{
    /// <summary>The pixels, (1, 8, 8) in [0, 255].</summary>
    [VectorType(1, 8, 8)]
    public float[] Pixels { get; set; } = [];

    /// <summary>The class name.</summary>
    public string Label { get; set; } = "";
}
