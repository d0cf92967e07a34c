// samples/OnnxServing, built once from the repository into a temporary folder and run against a freshly exported
// conditional generator: it references no MLNet.Gan and no TorchSharp, writes a PNG grid per class holding the
// library's own images for the same seeds, and its pipeline gives identical pixels after Model.Save/Load.
using System.Runtime.Versioning;
using Microsoft.ML.Data;
using MLNet.Gan.Data;
using MLNet.Gan.Tests.Build;

namespace MLNet.Gan.Tests.Onnx;

[OSCondition(OperatingSystems.Linux)]
[TestClass]
[SupportedOSPlatform("linux")]
public sealed class OnnxServingSampleTests
{
    private const int PerClass = 3;
    private static string root = string.Empty;
    private static string output = string.Empty;

    [ClassInitialize]
    public static void BuildSample(TestContext context)
    {
        root = Directory.CreateTempSubdirectory("mlnetgan-sample-").FullName;
        var project = Path.Combine(DotnetCommand.RepoRoot(), "samples", "OnnxServing", "OnnxServing.csproj");
        DotnetCommand.DotnetOk(["build", project, "-v:q", "-nodeReuse:false", "--artifacts-path", Path.Combine(root, "build")], TimeSpan.FromMinutes(5));
        output = Path.Combine(root, "build", "bin", "OnnxServing", "debug");
    }

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(root, recursive: true);

    [TestMethod]
    public void SampleBuildsWithoutTorchSharpOrMLNetGan()
    {
        var files = Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        CollectionAssert.Contains(files, "OnnxServing.dll");
        CollectionAssert.Contains(files, "libonnxruntime.so", "ONNX Runtime's native library comes with the sample");
        var leaked = files.Where(f => f!.Contains("torch", StringComparison.OrdinalIgnoreCase) || f.StartsWith("MLNet.Gan", StringComparison.Ordinal)).ToList();
        Assert.IsEmpty(leaked, $"the sample must not carry TorchSharp or MLNet.Gan: {string.Join(", ", leaked)}");
    }

    [TestMethod]
    public void SampleWritesTheLibrarysImagesPerClassAndRoundTripsThePipeline()
    {
        var gan = OnnxFixtures.FashionGan;
        var onnx = Path.Combine(root, "fashion.onnx");
        gan.ExportOnnx(onnx);
        var results = Path.Combine(root, "results");
        var run = DotnetCommand.Dotnet(["exec", Path.Combine(output, "OnnxServing.dll"), onnx, results, PerClass.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            TimeSpan.FromMinutes(2), root);
        Assert.AreEqual(0, run.ExitCode, run.Describe());
        var lines = run.Output.Split('\n', StringSplitOptions.TrimEntries);
        CollectionAssert.Contains(lines, $"classes: {string.Join(",", FashionMnist.ClassNames)}", run.Describe());
        CollectionAssert.Contains(lines, $"identical after Model.Save/Load: True ({10 * PerClass} images)", run.Describe());
        CollectionAssert.Contains(lines, "assemblies: no TorchSharp, no MLNet.Gan", run.Describe());
        Assert.IsTrue(lines.Any(l => l.StartsWith("pipeline.zip: ", StringComparison.Ordinal) && l.EndsWith("input columns Latent,Label", StringComparison.Ordinal)), run.Describe());

        // Image i of class c in the grid is the library's Generate for class c and seed i: the latent recipe is the same in both worlds.
        var grids = Directory.GetFiles(results, "grid-*.png").Order(StringComparer.Ordinal).ToList();
        Assert.HasCount(10, grids, string.Join(", ", grids));
        foreach (var (grid, c) in grids.Select((g, c) => (g, c)))
        {
            using var image = MLImage.CreateFromFile(grid);
            Assert.AreEqual((PerClass * 30) - 2, image.Width, $"{grid}: {PerClass} images of 28 px, 2 px apart");
            for (var i = 0; i < PerClass; i++)
            {
                using var expected = gan.Generate(1, c, seed: i)[0];
                using var cell = Crop(image, i * 30, 28);
                OnnxFixtures.AssertSamePixels(expected, cell, $"{Path.GetFileName(grid)}, image {i}");
            }
        }
    }

    private static MLImage Crop(MLImage image, int left, int size)
    {
        var pixels = image.Pixels;
        var bgra = new byte[size * size * 4];
        for (var y = 0; y < size; y++)
        {
            pixels.Slice(((y * image.Width) + left) * 4, size * 4).CopyTo(bgra.AsSpan(y * size * 4));
        }

        return MLImage.CreateFromPixels(size, size, image.PixelFormat, bgra);
    }
}
