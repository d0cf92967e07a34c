// `mlnet-gan generate` and `info` on tiny trained models: npy files with NumPy's header, shapes and dtypes, labels per
// class or for one named class, PNG grids and single files, seeds, the colour (N, H, W, C) layout, and a model summary.
using System.Globalization;
using Microsoft.ML;
using MLNet.Gan.Tests.IO;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Cli;

[TestClass]
public sealed class CliGenerateTests
{
    private static TempFolder s_root = null!;
    private static string s_conditional = null!;
    private static string s_colour = null!;

    [ClassInitialize]
    public static void TrainTinyModels(TestContext _)
    {
        s_root = new TempFolder();
        var gray = CliHarness.WriteImageFolder(s_root.Path, perClass: 8);
        CliHarness.Ok("train", "--data", gray, "--image-size", "8", "--steps", "2", "--batch-size", "8", "--device", "cpu", "--precision", "bfloat16", "--out", Out("cgan"));
        var colour = CliHarness.WriteColorFolder(Path.Combine(s_root.Path, "colour"), count: 8);
        CliHarness.Ok("train", "--data", colour, "--unconditional", "--image-size", "8", "--steps", "1", "--batch-size", "4", "--device", "cpu", "--out", Out("gan"));
        s_conditional = Path.Combine(Out("cgan"), "model.zip");
        s_colour = Path.Combine(Out("gan"), "model.zip");
    }

    [ClassCleanup]
    public static void Cleanup() => s_root.Dispose();

    private static string Out(string name) => Path.Combine(s_root.Path, name);

    [TestMethod]
    public void PerClassWritesNpyImagesAndLabels()
    {
        var output = Out("npy-per-class");
        var run = CliHarness.Ok("generate", "--model", s_conditional, "--per-class", "3", "--format", "npy", "--out", output);
        Assert.Contains("generated 6 images (1x8x8) with seed 0", run.Output);
        var images = NpyTestReader.Read(Path.Combine(output, "images.npy"));
        Assert.AreEqual("|u1", images.Descr);
        Assert.IsFalse(images.FortranOrder);
        CollectionAssert.AreEqual(new long[] { 6, 8, 8 }, images.Shape, "(N, H, W) for one channel");
        Assert.HasCount(6 * 64, images.Data);
        Assert.IsGreaterThan(1, images.Data.Distinct().Count(), "generated pixels vary");
        var labels = NpyTestReader.Read(Path.Combine(output, "labels.npy"));
        Assert.AreEqual("<i8", labels.Descr);
        CollectionAssert.AreEqual(new long[] { 6 }, labels.Shape);
        CollectionAssert.AreEqual(new long[] { 0, 0, 0, 1, 1, 1 }, CliHarness.Int64Values(labels));
    }

    [TestMethod]
    public void CountWithALabelNameOrIndexGivesThatClass()
    {
        CliHarness.Ok("generate", "--model", s_conditional, "--count", "5", "--label", "RIGHT", "--format", "npy", "--out", Out("npy-label"));
        CollectionAssert.AreEqual(new long[] { 1, 1, 1, 1, 1 }, CliHarness.Int64Values(NpyTestReader.Read(Path.Combine(Out("npy-label"), "labels.npy"))),
            "names match in any case: 'right' is class 1");
        CliHarness.Ok("generate", "--model", s_conditional, "--count", "2", "--label", "0", "--format", "npy", "--out", Out("npy-index"));
        CollectionAssert.AreEqual(new long[] { 0, 0 }, CliHarness.Int64Values(NpyTestReader.Read(Path.Combine(Out("npy-index"), "labels.npy"))));
    }

    [TestMethod]
    public void CountAloneCyclesThroughTheClasses()
    {
        CliHarness.Ok("generate", "--model", s_conditional, "--count", "5", "--format", "npy", "--out", Out("npy-cycle"));
        CollectionAssert.AreEqual(new long[] { 0, 1, 0, 1, 0 }, CliHarness.Int64Values(NpyTestReader.Read(Path.Combine(Out("npy-cycle"), "labels.npy"))));
    }

    [TestMethod]
    public void UnconditionalColourModelWritesImagesByHeightByWidthByChannelAndNoLabels()
    {
        var output = Out("colour-npy");
        CliHarness.Ok("generate", "--model", s_colour, "--count", "2", "--format", "npy", "--seed", "5", "--out", output);
        Assert.IsFalse(File.Exists(Path.Combine(output, "labels.npy")));
        var npy = NpyTestReader.Read(Path.Combine(output, "images.npy"));
        CollectionAssert.AreEqual(new long[] { 2, 8, 8, 3 }, npy.Shape, "(N, H, W, C)");

        // The same images straight from the library, (N, C, H, W) in [-1, 1]: byte = round((v + 1) * 127.5).
        using var model = GanTransformer.Load(new MLContext(), s_colour);
        using var scope = NewDisposeScope();
        var chw = model.GenerateTensor(2, null, seed: 5).data<float>().ToArray();
        foreach (var (n, y, x, c) in new[] { (0, 0, 0, 0), (0, 3, 7, 1), (1, 7, 2, 2), (1, 5, 6, 0) })
        {
            var value = chw[(((((n * 3) + c) * 8) + y) * 8) + x];
            var expected = (byte)Math.Clamp(Math.Round((value + 1) * 127.5), 0, 255);
            Assert.AreEqual(expected, npy.Data[(((((n * 8) + y) * 8) + x) * 3) + c], 1, $"pixel n={n} y={y} x={x} c={c}");
        }
    }

    [TestMethod]
    public void SameSeedGivesTheSameFileAndAnotherSeedOtherImages()
    {
        byte[] Generate(string name, int seed)
        {
            CliHarness.Ok("generate", "--model", s_conditional, "--count", "3", "--format", "npy", "--seed", $"{seed}", "--out", Out(name));
            return File.ReadAllBytes(Path.Combine(Out(name), "images.npy"));
        }

        var first = Generate("seed-a", 3);
        CollectionAssert.AreEqual(first, Generate("seed-b", 3), "the same seed gives the same file");
        CollectionAssert.AreNotEqual(first, Generate("seed-c", 4), "another seed gives other images");
    }

    [TestMethod]
    public void PngWritesALabelledGridAndSeparateFiles()
    {
        var output = Out("png");
        var run = CliHarness.Ok("generate", "--model", s_conditional, "--per-class", "2", "--separate", "--out", output);
        Assert.IsTrue(File.Exists(Path.Combine(output, "grid.png")));
        var files = Directory.GetFiles(output, "image_*.png").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(new[] { "image_00000_left.png", "image_00001_left.png", "image_00002_right.png", "image_00003_right.png" }, files);
        Assert.AreEqual((8, 8), CliHarness.SizeOf(Path.Combine(output, files[0])));
        Assert.Contains("... and 1 more files", run.Output, "five files written, four named");
        var grid = CliHarness.SizeOf(Path.Combine(output, "grid.png"));
        Assert.IsGreaterThan(2 * 2 * 8, grid.Width, "two tiles a row, enlarged twice, with a label column");
    }

    [TestMethod]
    public void DefaultFormatIsAPngGridOfSixtyFour()
    {
        var output = Out("png-default");
        var run = CliHarness.Ok("generate", "--model", s_colour, "--out", output);
        Assert.Contains("generated 64 images (3x8x8)", run.Output);
        CollectionAssert.AreEqual(new[] { "grid.png" }, Directory.GetFiles(output).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void InfoPrintsClassesShapeAndSteps()
    {
        var output = CliHarness.Ok("info", "--model", s_conditional).Output;
        Assert.Contains("classes        2: 0=left, 1=right", output);
        Assert.Contains("image shape    1 channel(s), 8x8 (Image)", output);
        Assert.Contains("conditional    yes", output);
        Assert.Contains("trained steps  2", output);
        Assert.Contains("architecture   Mlp, width 32", output, "8x8 images get the MLP networks");
        Assert.Contains("loss           NonSaturating", output);
        Assert.Contains("precision      BFloat16", output, "train --precision is recorded in the model file");
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"file size      {new FileInfo(s_conditional).Length:N0} bytes"), output);
    }
}
