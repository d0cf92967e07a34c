// The stock ML.NET chain over an exported graph: ConvertToImage gives the library's own pixels (channel order and
// planes checked), mlContext.Model.Save/Load keeps them, the contract is in the file's metadata, noise can be drawn in
// the graph, and what cannot be exported or chained is refused with a message that names it.
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Colorization;
using MLNet.Gan.Data;
using MLNet.Gan.Imaging;
using MLNet.Gan.Networks;
using MLNet.Gan.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Onnx;

[TestClass]
public sealed class OnnxPipelineTests
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("mlnetgan-onnx-").FullName;

    [ClassCleanup]
    public static void Cleanup()
    {
        Directory.Delete(Folder, recursive: true);
    }

    [TestMethod]
    public void FittedConditionalGanRunsAsAStockPipelineWithTheLibrarysPixelsAndSurvivesSaveAndLoad()
    {
        var gan = OnnxFixtures.FashionGan;
        Assert.IsTrue(gan.Info.UsesMovingAverage, "the model generates from the moving average of its weights, which the export must carry");
        var ml = new MLContext(seed: 1);
        var pipeline = gan.ToOnnxPipeline(ml, Path.Combine(Folder, "fashion.onnx"));
        var rows = Requests(gan, count: 10);
        var images = Images(pipeline.Model, ml.Data.LoadFromEnumerable(rows, pipeline.InputDefinition));
        for (var i = 0; i < rows.Count; i++)
        {
            using var expected = gan.Generate(1, (int)rows[i].Label[0], seed: i)[0];
            OnnxFixtures.AssertSamePixels(expected, images[i], $"row {i}");
        }

        // The chain is ML.NET's own: Model.Save writes it, Model.Load in a fresh context reads it, the pixels are identical.
        var zip = Path.Combine(Folder, "fashion-pipeline.zip");
        pipeline.Save(ml, zip);
        var fresh = new MLContext(seed: 2);
        var loaded = fresh.Model.Load(zip, out var schema);
        CollectionAssert.AreEqual(new[] { "Latent", "Label" }, schema.Select(c => c.Name).ToArray(), "the saved input schema");
        var reloaded = Images(loaded, fresh.Data.LoadFromEnumerable(rows, pipeline.InputDefinition));
        for (var i = 0; i < rows.Count; i++)
        {
            CollectionAssert.AreEqual(images[i].Pixels.ToArray(), reloaded[i].Pixels.ToArray(), $"row {i} after Model.Save/Load");
        }

        // The contract travels in the file.
        using var session = OnnxFixtures.Session(File.ReadAllBytes(pipeline.OnnxPath));
        var metadata = session.ModelMetadata.CustomMetadataMap;
        CollectionAssert.AreEqual(FashionMnist.ClassNames.ToArray(), JsonSerializer.Deserialize<string[]>(metadata[OnnxContract.ClassNamesKey]));
        Assert.AreEqual("generator", metadata[OnnxContract.KindKey]);
        Assert.AreEqual(("28", "28", "1", "16"), (metadata[OnnxContract.HeightKey], metadata[OnnxContract.WidthKey], metadata[OnnxContract.ChannelsKey], metadata[OnnxContract.LatentSizeKey]));
        Assert.AreEqual(OnnxContract.LibraryVersion, metadata[OnnxContract.LibraryVersionKey]);
        StringAssert.StartsWith(metadata[OnnxContract.PixelRangeKey], "0..255");
        StringAssert.StartsWith(metadata[OnnxContract.LayoutKey], "channel-planar");
        CollectionAssert.AreEquivalent(new[] { "Latent", "Label" }, session.InputMetadata.Keys.ToArray());
        CollectionAssert.AreEqual(new[] { 1, 1 }, session.InputMetadata["Label"].Dimensions);
        CollectionAssert.AreEqual(new[] { 1, 784 }, session.OutputMetadata["Pixels"].Dimensions);
    }

    [TestMethod]
    public void ColorGeneratorPlanesReachConvertToImageAsRedGreenBlue()
    {
        using var gan = OnnxFixtures.Generator(GanArchitecture.Dcgan, 32, 3, classes: 0);
        var ml = new MLContext(seed: 1);
        var pipeline = gan.ToOnnxPipeline(ml, Path.Combine(Folder, "color.onnx"));
        var rows = Requests(gan, count: 3);
        var images = Images(pipeline.Model, ml.Data.LoadFromEnumerable(rows, pipeline.InputDefinition));
        for (var i = 0; i < rows.Count; i++)
        {
            using var expected = gan.Generate(1, seed: i)[0];
            Assert.IsFalse(ImageTensors.IsGray(expected), "a random color generator should not give gray images (the channel order would go unchecked)");
            OnnxFixtures.AssertSamePixels(expected, images[i], $"row {i}");
        }
    }

    [TestMethod]
    public void NoiseDrawnInTheGraphLeavesOnlyTheLabelAndRepeatsPerSession()
    {
        using var gan = OnnxFixtures.Generator(GanArchitecture.Mlp, 28, 1, classes: 3);
        var options = new OnnxExportOptions { NoiseInGraph = true, NoiseSeed = 42 };
        var first = Generated(gan, options, "noise-a.onnx");
        var second = Generated(gan, options, "noise-b.onnx");
        Assert.AreEqual(6, first.Count);
        Assert.AreEqual(6, first.Select(p => string.Join(",", p)).Distinct().Count(), "every row draws new noise");
        for (var i = 0; i < first.Count; i++)
        {
            CollectionAssert.AreEqual(first[i], second[i], $"row {i}: a new session with the same seed repeats the sequence");
        }

        var other = Generated(gan, new OnnxExportOptions { NoiseInGraph = true, NoiseSeed = 7 }, "noise-c.onnx");
        Assert.IsFalse(other[0].SequenceEqual(first[0]), "another seed gives other noise");

        using var session = OnnxFixtures.Session(File.ReadAllBytes(Path.Combine(Folder, "noise-a.onnx")));
        CollectionAssert.AreEqual(new[] { "Label" }, session.InputMetadata.Keys.ToArray(), "the graph reads only the label");

        using var unconditional = OnnxFixtures.Generator(GanArchitecture.Dcgan, 28, 1, classes: 0);
        var pipeline = unconditional.ToOnnxPipeline(new MLContext(), Path.Combine(Folder, "noise-row.onnx"), options);
        CollectionAssert.AreEqual(new[] { "Row" }, pipeline.InputSchema.Select(c => c.Name).ToArray(), "an unconditional graph counts rows by Row");
    }

    [TestMethod]
    public void DynamicBatchGraphGeneratesABatchAsItsRowsOneByOne()
    {
        using var gan = OnnxFixtures.Generator(GanArchitecture.Dcgan, 28, 1, classes: 3);
        using var dynamic = OnnxFixtures.Session(OnnxFixtures.Bytes(s => gan.ExportOnnx(s, new OnnxExportOptions { BatchSize = null })));
        using var single = OnnxFixtures.Session(OnnxFixtures.Bytes(s => gan.ExportOnnx(s)));
        var latent = OnnxFixtures.Latent(3, 4, gan.LatentSize);
        var labels = new long[] { 0, 1, 2, 0 };
        var batch = OnnxFixtures.Run(dynamic, ("Latent", latent, [4, gan.LatentSize]), ("Label", labels, [4, 1]))["Pixels"];
        for (var i = 0; i < 4; i++)
        {
            var one = OnnxFixtures.Run(single, ("Latent", latent.AsSpan(i * gan.LatentSize, gan.LatentSize).ToArray(), [1, gan.LatentSize]), ("Label", new[] { labels[i] }, [1, 1]))["Pixels"];
            Assert.IsLessThanOrEqualTo(1f, OnnxFixtures.MaxDifference(batch.AsSpan(i * 784, 784).ToArray(), one), $"row {i} of the batch");
        }

        var e = Assert.ThrowsExactly<ArgumentException>(() => gan.ToOnnxPipeline(new MLContext(), Path.Combine(Folder, "b4.onnx"), new OnnxExportOptions { BatchSize = 4 }));
        StringAssert.Contains(e.Message, "BatchSize must be 1");
        Assert.ThrowsExactly<ArgumentException>(() => gan.ExportOnnx(Stream.Null, new OnnxExportOptions { BatchSize = null, NoiseInGraph = true }));
    }

    [TestMethod]
    public void CustomGeneratorIsRefusedByItsTypeAndNothingIsWritten()
    {
        var info = new GanModelInfo { LatentSize = 4, Channels = 1, Height = 2, ImageWidth = 2, CustomGenerator = "Tests.Custom" };
        using var gan = new GanTransformer(new MLContext(), info, new TinyCustomGenerator(), CPU, null);
        var path = Path.Combine(Folder, "custom.onnx");
        var e = Assert.ThrowsExactly<NotSupportedException>(() => gan.ExportOnnx(path));
        StringAssert.Contains(e.Message, typeof(TinyCustomGenerator).FullName!);
        StringAssert.Contains(e.Message, "Tests.Custom");
        Assert.IsFalse(File.Exists(path), "a refused export leaves no file");
        Assert.IsEmpty(Directory.GetFiles(Folder, ".custom.onnx*"), "nor a temporary one");
    }

    [TestMethod]
    public void ColorizerRunsAsAStockPipelineOnRealImagesAndKeepsTheirLuma()
    {
        using var colorizer = OnnxFixtures.Colorizer(64, 3, 4);
        var ml = new MLContext(seed: 1);
        var pipeline = colorizer.ToOnnxPipeline(ml, Path.Combine(Folder, "colorizer.onnx"));
        var files = Directory.GetFiles("/usr/share/datasets/emoji-google-64", "1f6*.png").Order(StringComparer.Ordinal).Take(4).ToList();
        var expected = files.Select(f => colorizer.Colorize(GrayOnWhite(f))).ToList();

        // The chain disposes the images it is given once it has read them: each run gets its own.
        List<ColorizerOnnxInput> Rows() => files.Select(f => new ColorizerOnnxInput { Image = GrayOnWhite(f) }).ToList();
        var colored = Colorized(pipeline.Model, ml.Data.LoadFromEnumerable(Rows(), pipeline.InputDefinition));
        for (var i = 0; i < files.Count; i++)
        {
            OnnxFixtures.AssertSamePixels(expected[i], colored[i], Path.GetFileName(files[i]));
        }

        var zip = Path.Combine(Folder, "colorizer-pipeline.zip");
        pipeline.Save(ml, zip);
        var loaded = new MLContext().Model.Load(zip, out _);
        var again = Colorized(loaded, ml.Data.LoadFromEnumerable(Rows(), pipeline.InputDefinition));
        for (var i = 0; i < files.Count; i++)
        {
            CollectionAssert.AreEqual(colored[i].Pixels.ToArray(), again[i].Pixels.ToArray(), $"{Path.GetFileName(files[i])} after Model.Save/Load");
        }

        Assert.ThrowsExactly<ArgumentException>(() => colorizer.ExportOnnx(Stream.Null, new OnnxExportOptions { NoiseInGraph = true }));
    }

    private static List<GeneratorOnnxInput> Requests(GanTransformer gan, int count) =>
        Enumerable.Range(0, count).Select(i => new GeneratorOnnxInput
        {
            Latent = OnnxFixtures.Latent(i, 1, gan.LatentSize),
            Label = gan.IsConditional ? [i % gan.ClassNames.Count] : [],
        }).ToList();

    private static List<MLImage> Images(ITransformer model, IDataView rows) =>
        model.Transform(rows).GetColumn<MLImage>(OnnxPipeline.GeneratedImageColumn).ToList();

    private static List<MLImage> Colorized(ITransformer model, IDataView rows) =>
        model.Transform(rows).GetColumn<MLImage>(OnnxPipeline.ColorizedImageColumn).ToList();

    private static List<float[]> Generated(GanTransformer gan, OnnxExportOptions options, string file)
    {
        var ml = new MLContext();
        var pipeline = gan.ToOnnxPipeline(ml, Path.Combine(Folder, file), options);
        var rows = Enumerable.Range(0, 6).Select(i => new GeneratorOnnxInput { Label = [i % 3] });
        return pipeline.Model.Transform(ml.Data.LoadFromEnumerable(rows, pipeline.InputDefinition))
            .GetColumn<VBuffer<float>>(OnnxContract.PixelsOutput).Select(v => v.DenseValues().ToArray()).ToList();
    }

    // An emoji composited on white, as gray (luma repeated in R, G and B).
    private static MLImage GrayOnWhite(string png)
    {
        using var image = MLImage.CreateFromFile(png);
        var rgb = LumaChroma.RgbOnWhite(image);
        var plane = image.Width * image.Height;
        var gray = new byte[plane];
        for (var p = 0; p < plane; p++)
        {
            gray[p] = (byte)Math.Round(LumaChroma.Luma(rgb[p], rgb[plane + p], rgb[(2 * plane) + p]));
        }

        return ImagePixels.FromGray(gray, image.Width, image.Height);
    }

    private sealed class TinyCustomGenerator : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Linear _linear = nn.Linear(4, 4);

        public TinyCustomGenerator()
            : base(nameof(TinyCustomGenerator)) => RegisterComponents();

        public override Tensor forward(Tensor input) => _linear.call(input).tanh().reshape(-1, 1, 2, 2);
    }
}
