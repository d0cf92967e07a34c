// `mlnet-gan export`: a GAN model file and a colorizer model file each become an ONNX graph that runs in ONNX Runtime
// with the library's numbers; bad input is one error line with exit code 2.
using MLNet.Gan.Cli;
using MLNet.Gan.Onnx;
using MLNet.Gan.Tests.Cli;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Onnx;

[TestClass]
public sealed class ExportCommandTests
{
    private static string root = string.Empty;
    private static string ganModel = string.Empty;
    private static string colorizerModel = string.Empty;

    [ClassInitialize]
    public static void TrainModels(TestContext context)
    {
        root = Directory.CreateTempSubdirectory("mlnetgan-export-").FullName;
        var images = CliHarness.WriteImageFolder(root);
        ganModel = Path.Combine(root, "cgan", "model.zip");
        CliHarness.Ok("train", "--data", images, "--image-size", "8", "--steps", "2", "--batch-size", "4", "--device", "cpu", "--out", Path.GetDirectoryName(ganModel)!);
        colorizerModel = Path.Combine(root, "colorizer.zip");
        using var colorizer = OnnxFixtures.Colorizer(16, 2, 4);
        colorizer.Save(colorizerModel);
    }

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(root, recursive: true);

    [TestMethod]
    public void GanModelFileExportsTheGeneratorWithItsClasses()
    {
        var onnx = Path.Combine(root, "cgan.onnx");
        var run = CliHarness.Ok("export", "--model", ganModel, "--onnx", onnx);
        StringAssert.Contains(run.Output, "conditional generator 1x8x8");
        StringAssert.Contains(run.Output, "Label int64 [1, 1] (0..1: left, right)");

        using var session = OnnxFixtures.Session(File.ReadAllBytes(onnx));
        Assert.AreEqual("generator", session.ModelMetadata.CustomMetadataMap[OnnxContract.KindKey]);
        Assert.AreEqual("[\"left\",\"right\"]", session.ModelMetadata.CustomMetadataMap[OnnxContract.ClassNamesKey]);
        using var gan = GanTransformer.Load(new Microsoft.ML.MLContext(), ganModel);
        var latent = OnnxFixtures.Latent(5, 1, gan.LatentSize);
        var pixels = OnnxFixtures.Run(session, ("Latent", latent, [1, gan.LatentSize]), ("Label", new long[] { 1 }, [1, 1]))["Pixels"];
        float[] expected;
        using (NewDisposeScope())
        {
            expected = ((gan.Run(latent, 1, [1]) + 1) * 127.5).clamp(0, 255).round().contiguous().data<float>().ToArray();
        }

        Assert.IsLessThanOrEqualTo(1f, OnnxFixtures.MaxDifference(pixels, expected), "the exported generator against the model file's own");
    }

    [TestMethod]
    public void ColorizerModelFileExportsTheColorizerWithADynamicBatch()
    {
        var onnx = Path.Combine(root, "colorizer.onnx");
        var run = CliHarness.Ok("export", "--model", colorizerModel, "--onnx", onnx, "--batch", "dynamic");
        StringAssert.Contains(run.Output, "colorizer 16x16: input Gray float [batch, 256]");
        using var session = OnnxFixtures.Session(File.ReadAllBytes(onnx));
        Assert.AreEqual("colorizer", session.ModelMetadata.CustomMetadataMap[OnnxContract.KindKey]);
        var gray = Enumerable.Range(0, 2 * 256).Select(i => (float)(i % 256)).ToArray();
        var pixels = OnnxFixtures.Run(session, ("Gray", gray, [2, 256]))["Pixels"];
        Assert.HasCount(2 * 3 * 256, pixels);
    }

    [TestMethod]
    [DataRow(new[] { "export", "--onnx", "x.onnx" }, "--model is required")]
    [DataRow(new[] { "export", "--model", "nowhere.zip", "--onnx", "x.onnx" }, "file not found: nowhere.zip")]
    [DataRow(new[] { "export", "--model", "GAN", "--batch", "0", "--onnx", "x.onnx" }, "--batch must be a positive number or 'dynamic', got '0'")]
    [DataRow(new[] { "export", "--model", "GAN" }, "--onnx is required")]
    [DataRow(new[] { "export", "--model", "COLORIZER", "--onnx", "x.onnx", "--noise-in-graph" }, "--noise-in-graph applies to GAN generators")]
    [DataRow(new[] { "export", "--model", "GAN", "--onnx", "x.onnx", "--noise-in-graph", "--batch", "dynamic" }, "NoiseInGraph needs a static BatchSize")]
    public void BadInputIsOneErrorLine(string[] args, string expected)
    {
        var resolved = args.Select(a => a switch { "GAN" => ganModel, "COLORIZER" => colorizerModel, "x.onnx" => Path.Combine(root, "x.onnx"), _ => a }).ToArray();
        var run = CliHarness.Run(resolved);
        Assert.AreEqual(CliApp.BadInput, run.Code, run.All);
        var line = run.Error.Trim();
        Assert.IsFalse(line.Contains('\n'), run.All);
        StringAssert.StartsWith(line, "error: ");
        StringAssert.Contains(line, expected);
        Assert.IsFalse(File.Exists(Path.Combine(root, "x.onnx")), "nothing is written on bad input");
    }
}
