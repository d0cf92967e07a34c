// The mlnet-gan command line run in-process: help, training a tiny model from an image folder, generating
// npy files with the right shapes and labels, describing a model, and one-line errors with exit code 2.
using MLNet.Gan.Cli;
using MLNet.Gan.Data;

namespace MLNet.Gan.Tests;

[TestClass]
public sealed class CliTests
{
    private static string s_root = null!;
    private static string s_conditional = null!;
    private static string s_unconditional = null!;

    internal static (int Code, string Output, string Error) Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    // Two classes of 8x8 gray images: bright left half or bright right half, with a little noise.
    internal static string WriteImageFolder(string root)
    {
        var folder = Path.Combine(root, "data");
        var random = new Random(4);
        foreach (var (name, bright) in new[] { ("left", 0), ("right", 1) })
        {
            Directory.CreateDirectory(Path.Combine(folder, name));
            for (var n = 0; n < 24; n++)
            {
                var pixels = new byte[64];
                for (var i = 0; i < 64; i++)
                {
                    var inHalf = (i % 8 < 4 ? 0 : 1) == bright;
                    pixels[i] = (byte)((inHalf ? 200 : 40) + random.Next(30));
                }

                new MLImage(8, 8, 1, pixels).Save(Path.Combine(folder, name, $"{n:00}.png"));
            }
        }

        return folder;
    }

    [ClassInitialize]
    public static void TrainTinyModels(TestContext _)
    {
        s_root = Path.Combine(Path.GetTempPath(), $"cli-{Guid.NewGuid():N}");
        var data = WriteImageFolder(s_root);
        var conditional = Cli("train", "--data", data, "--image-size", "8", "--steps", "4", "--batch-size", "8", "--device", "cpu",
            "--out", Path.Combine(s_root, "cgan"));
        Assert.AreEqual(0, conditional.Code, conditional.Error + conditional.Output);
        var unconditional = Cli("train", "--data", data, "--image-size", "8", "--steps", "2", "--batch-size", "8", "--device", "cpu",
            "--unconditional", "--out", Path.Combine(s_root, "gan"));
        Assert.AreEqual(0, unconditional.Code, unconditional.Error + unconditional.Output);
        s_conditional = Path.Combine(s_root, "cgan", "model.zip");
        s_unconditional = Path.Combine(s_root, "gan", "model.zip");
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        if (Directory.Exists(s_root))
        {
            Directory.Delete(s_root, recursive: true);
        }
    }

    [TestMethod]
    public void HelpListsTheSubcommands()
    {
        var (code, output, _) = Cli("--help");
        Assert.AreEqual(0, code);
        foreach (var sub in new[] { "train", "generate", "info", "evaluate" })
        {
            Assert.Contains(sub, output);
        }
    }

    [TestMethod]
    public void TrainWritesModelLossCurveAndSamples()
    {
        var folder = Path.Combine(s_root, "cgan");
        Assert.IsTrue(File.Exists(Path.Combine(folder, "model.zip")));
        var curve = MLImage.CreateFromFile(Path.Combine(folder, "loss_curve.png"));
        Assert.AreEqual(800, curve.Width);
        Assert.IsTrue(File.Exists(Path.Combine(folder, "samples_final.png")), "final sample grid");
    }

    [TestMethod]
    public void GeneratePerClassWritesNpyImagesAndLabels()
    {
        var output = Path.Combine(s_root, "npy-per-class");
        var (code, _, error) = Cli("generate", "--model", s_conditional, "--per-class", "3", "--format", "npy", "--out", output);
        Assert.AreEqual(0, code, error);
        var images = NpyTestReader.Read(Path.Combine(output, "images.npy"));
        Assert.AreEqual("|u1", images.Descr);
        CollectionAssert.AreEqual(new long[] { 6, 8, 8 }, images.Shape, "(N, H, W) for one channel");
        Assert.HasCount(6 * 64, images.Data);
        Assert.IsGreaterThan(1, images.Data.Distinct().Count(), "generated pixels vary");
        var labels = NpyTestReader.Read(Path.Combine(output, "labels.npy"));
        Assert.AreEqual("<i8", labels.Descr);
        CollectionAssert.AreEqual(new long[] { 6 }, labels.Shape);
        var values = Enumerable.Range(0, 6).Select(i => BitConverter.ToInt64(labels.Data, i * 8)).ToArray();
        CollectionAssert.AreEqual(new long[] { 0, 0, 0, 1, 1, 1 }, values);
    }

    [TestMethod]
    public void GenerateCountWithLabelNameGivesThatClass()
    {
        var output = Path.Combine(s_root, "npy-label");
        var (code, _, error) = Cli("generate", "--model", s_conditional, "--count", "5", "--label", "right", "--format", "npy", "--out", output);
        Assert.AreEqual(0, code, error);
        var labels = NpyTestReader.Read(Path.Combine(output, "labels.npy"));
        Assert.IsTrue(Enumerable.Range(0, 5).All(i => BitConverter.ToInt64(labels.Data, i * 8) == 1), "every label is 'right' = 1");
    }

    [TestMethod]
    public void GenerateUnconditionalWritesOnlyImages()
    {
        var output = Path.Combine(s_root, "npy-gan");
        var (code, _, error) = Cli("generate", "--model", s_unconditional, "--count", "4", "--format", "npy", "--out", output);
        Assert.AreEqual(0, code, error);
        CollectionAssert.AreEqual(new long[] { 4, 8, 8 }, NpyTestReader.Read(Path.Combine(output, "images.npy")).Shape);
        Assert.IsFalse(File.Exists(Path.Combine(output, "labels.npy")));
    }

    [TestMethod]
    public void GeneratePngWritesGridAndSeparateFiles()
    {
        var output = Path.Combine(s_root, "png");
        var (code, _, error) = Cli("generate", "--model", s_conditional, "--per-class", "2", "--separate", "--out", output);
        Assert.AreEqual(0, code, error);
        Assert.IsTrue(File.Exists(Path.Combine(output, "grid.png")));
        Assert.HasCount(4, Directory.GetFiles(output, "image_*.png"));
        Assert.AreEqual(8, MLImage.CreateFromFile(Directory.GetFiles(output, "image_*_left.png")[0]).Width);
    }

    [TestMethod]
    public void TrainsFromAnIdxFileWithItsLabelsFileNextToIt()
    {
        // 12 images of 8x8 (raw IDX, big-endian header) and their labels 0/1/2 in "tiny-labels-idx1-ubyte".
        var folder = Path.Combine(s_root, "idx");
        Directory.CreateDirectory(folder);
        var images = new List<byte> { 0, 0, 8, 3, 0, 0, 0, 12, 0, 0, 0, 8, 0, 0, 0, 8 };
        var labels = new List<byte> { 0, 0, 8, 1, 0, 0, 0, 12 };
        for (var n = 0; n < 12; n++)
        {
            images.AddRange(Enumerable.Range(0, 64).Select(i => (byte)(i / 8 == n % 3 * 3 ? 255 : 0)));
            labels.Add((byte)(n % 3));
        }

        File.WriteAllBytes(Path.Combine(folder, "tiny-images-idx3-ubyte"), images.ToArray());
        File.WriteAllBytes(Path.Combine(folder, "tiny-labels-idx1-ubyte"), labels.ToArray());
        var output = Path.Combine(s_root, "idx-run");
        var train = Cli("train", "--data", Path.Combine(folder, "tiny-images-idx3-ubyte"), "--steps", "2", "--batch-size", "4",
            "--device", "cpu", "--out", output);
        Assert.AreEqual(0, train.Code, train.Error + train.Output);
        Assert.Contains("tiny-labels-idx1-ubyte", train.Output, "the labels file was found next to the images");
        var (code, info, error) = Cli("info", "--model", Path.Combine(output, "model.zip"));
        Assert.AreEqual(0, code, error);
        Assert.Contains("classes        3: 0=0, 1=1, 2=2", info);
    }

    [TestMethod]
    public void InfoPrintsClassesShapeAndSteps()
    {
        var (code, output, error) = Cli("info", "--model", s_conditional);
        Assert.AreEqual(0, code, error);
        Assert.Contains("0=left, 1=right", output);
        Assert.Contains("8x8", output);
        Assert.Contains("conditional    yes", output);
        Assert.Contains("trained steps  4", output);
    }
}
