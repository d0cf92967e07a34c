// Every bad command line gives exit code 2 and exactly one "error:" line naming the problem, never a stack trace:
// models, generate options, parse errors, training data and training options.
namespace MLNet.Gan.Tests.Cli;

[TestClass]
public sealed class CliBadInputTests
{
    private static TempFolder s_root = null!;
    private static string s_images = null!;
    private static string s_model = null!;
    private static string s_unconditional = null!;

    [ClassInitialize]
    public static void TrainTinyModels(TestContext _)
    {
        s_root = new TempFolder();
        s_images = CliHarness.WriteImageFolder(s_root.Path, perClass: 4);
        CliHarness.Ok("train", "--data", s_images, "--image-size", "8", "--steps", "1", "--batch-size", "4", "--device", "cpu", "--out", Out("cgan"));
        CliHarness.Ok("train", "--data", s_images, "--unconditional", "--image-size", "8", "--steps", "1", "--batch-size", "4", "--device", "cpu", "--out", Out("gan"));
        s_model = Path.Combine(Out("cgan"), "model.zip");
        s_unconditional = Path.Combine(Out("gan"), "model.zip");
    }

    [ClassCleanup]
    public static void Cleanup() => s_root.Dispose();

    private static string Out(string name) => Path.Combine(s_root.Path, name);

    /// <summary>Exit code 2, one "error:" line on stderr that names every one of <paramref name="mentions"/>, no stack trace.</summary>
    internal static void AssertBadInput(string[] args, params string[] mentions)
    {
        var run = CliHarness.Run(args);
        Assert.AreEqual(2, run.Code, $"args: {string.Join(' ', args)}\n{run.All}");
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, $"one error line expected, got:\n{run.Error}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", run.Error, "no stack trace");
        foreach (var m in mentions)
        {
            Assert.Contains(m, lines[0], $"the message should name '{m}'");
        }
    }

    [TestMethod]
    public void MissingModelFile() => AssertBadInput(["generate", "--model", Out("nope.zip")], "not found", "nope.zip");

    [TestMethod]
    public void ModelOptionLeftOut() => AssertBadInput(["info"], "--model");

    [TestMethod]
    public void FileThatIsNotAModel()
    {
        var path = Out("notes.zip");
        File.WriteAllText(path, "hello");
        AssertBadInput(["info", "--model", path], "notes.zip", "not a readable model file");
    }

    [TestMethod]
    public void UnknownLabelName() => AssertBadInput(["generate", "--model", s_model, "--label", "Giraffe", "--out", Out("g")], "Giraffe", "0=left, 1=right");

    [TestMethod]
    public void LabelIndexOutOfRange() => AssertBadInput(["generate", "--model", s_model, "--label", "17", "--out", Out("g")], "'17'");

    [TestMethod]
    public void CountAndPerClassTogether() => AssertBadInput(["generate", "--model", s_model, "--count", "4", "--per-class", "2"], "--count", "--per-class");

    [TestMethod]
    public void PerClassAndLabelTogether() => AssertBadInput(["generate", "--model", s_model, "--per-class", "2", "--label", "left"], "--per-class", "--label");

    [TestMethod]
    public void CountOfZero() => AssertBadInput(["generate", "--model", s_model, "--count", "0"], "--count", "positive");

    [TestMethod]
    public void SeparateWithNpy() => AssertBadInput(["generate", "--model", s_model, "--format", "npy", "--separate"], "--separate");

    [TestMethod]
    public void PerClassOnUnconditionalModel() => AssertBadInput(["generate", "--model", s_unconditional, "--per-class", "2"], "--per-class", "conditional");

    [TestMethod]
    public void LabelOnUnconditionalModel() => AssertBadInput(["generate", "--model", s_unconditional, "--label", "1"], "--label", "conditional");

    [TestMethod]
    public void EvaluateModelThatIsNotFashionMnistShapedWithoutData() =>
        AssertBadInput(["evaluate", "--model", s_unconditional], "Fashion-MNIST", "1x8x8", "1x28x28", "--data");

    [TestMethod]
    public void EvaluateWithUnlabelledDataAndNoClassifier() =>
        AssertBadInput(["evaluate", "--model", s_unconditional, "--data", CliHarness.WriteColorFolder(Out("plain")), "--classifier", Out("none.zip")],
            "none.zip", "no labels", "--classifier");

    [TestMethod]
    public void EvaluateConditionalModelWithUnlabelledData() =>
        AssertBadInput(["evaluate", "--model", s_model, "--data", CliHarness.WriteColorFolder(Out("plain2"))], "--data", "no labels", "conditional");

    [TestMethod]
    public void EvaluateCountNotAboveK() => AssertBadInput(["evaluate", "--model", s_model, "--data", s_images, "--count", "5"], "--count", "5");

    [TestMethod]
    public void UnknownFormat() => AssertBadInput(["generate", "--model", s_model, "--format", "jpg"], "jpg");

    [TestMethod]
    public void UnknownOption() => AssertBadInput(["train", "--bogus"], "--bogus");

    [TestMethod]
    public void UnknownCommand() => AssertBadInput(["paint"], "paint");

    [TestMethod]
    public void NonNumericCount() => AssertBadInput(["generate", "--model", s_model, "--count", "many"], "'many'", "--count", "Int32");

    [TestMethod]
    public void UnknownLoss() => AssertBadInput(["train", "--loss", "Wasserstein"], "Wasserstein");

    [TestMethod]
    public void MissingTrainingData() => AssertBadInput(["train", "--data", Out("nothing-here"), "--out", Out("o")], "nothing-here");

    [TestMethod]
    public void EmptyDataFolder()
    {
        Directory.CreateDirectory(Out("empty"));
        AssertBadInput(["train", "--data", Out("empty"), "--steps", "1", "--out", Out("o")], "empty", "sub-folder");
    }

    [TestMethod]
    public void FolderWithoutImages()
    {
        Directory.CreateDirectory(Out("no-images/cats"));
        File.WriteAllText(Out("no-images/cats/list.txt"), "nothing");
        AssertBadInput(["train", "--data", Out("no-images"), "--steps", "1", "--out", Out("o")], "no images", "no-images");
    }

    [TestMethod]
    public void FolderWhoseImagesAllFailToDecode()
    {
        Directory.CreateDirectory(Out("broken/cats"));
        File.WriteAllText(Out("broken/cats/a.png"), "not a png");
        AssertBadInput(["train", "--data", Out("broken"), "--steps", "1", "--out", Out("o")], "none of the 1 image file(s) could be used", "a.png", "not an image");
    }

    [TestMethod]
    public void UnlabelledDataForConditionalTraining()
    {
        Directory.CreateDirectory(Out("flat"));
        File.Copy(Directory.GetFiles(Path.Combine(s_images, "left"))[0], Out("flat/a.png"));
        AssertBadInput(["train", "--data", Out("flat"), "--image-size", "8", "--steps", "1", "--out", Out("o")], "no labels", "--unconditional");
    }

    [TestMethod]
    public void CsvListNamingAMissingFile()
    {
        var first = Path.GetRelativePath(s_root.Path, Directory.GetFiles(Path.Combine(s_images, "left"))[0]);
        File.WriteAllLines(Out("list.csv"), ["path,label", $"{first},a", "missing.png,b", "gone.png,b"]);
        AssertBadInput(["train", "--data", Out("list.csv"), "--steps", "1", "--out", Out("o")], "list.csv", "line 3", "missing.png", "2 of 3 rows");
    }

    [TestMethod]
    public void EmptyCsvList()
    {
        File.WriteAllText(Out("empty.csv"), "\n");
        AssertBadInput(["train", "--data", Out("empty.csv"), "--steps", "1", "--out", Out("o")], "empty.csv", "empty");
    }

    [TestMethod]
    public void BrokenIdxFile()
    {
        File.WriteAllBytes(Out("broken-images-idx3-ubyte"), [0x12, 0x34, 0x08, 0x03, 1, 2]);
        AssertBadInput(["train", "--data", Out("broken-images-idx3-ubyte"), "--steps", "1", "--out", Out("o")], "broken-images-idx3-ubyte");
    }

    [TestMethod]
    public void NegativeTime() => AssertBadInput(["train", "--time", "-5", "--out", Out("o")], "--time", "-5");

    [TestMethod]
    public void ZeroSteps() => AssertBadInput(["train", "--steps", "0", "--out", Out("o")], "--steps");

    [TestMethod]
    public void BatchSizeOfOne() => AssertBadInput(["train", "--batch-size", "1", "--out", Out("o")], "--batch-size", "at least 2");

    [TestMethod]
    public void BatchLargerThanTheData() =>
        AssertBadInput(["train", "--data", s_images, "--image-size", "8", "--batch-size", "64", "--steps", "1", "--out", Out("o")], "8 rows", "64");

    [TestMethod]
    public void DeviceThatIsNotADevice() => AssertBadInput(["train", "--device", "gpu", "--out", Out("o")], "--device", "gpu");

    [TestMethod]
    public void ResumeFromMissingCheckpoint() =>
        AssertBadInput(["train", "--steps", "1", "--resume", Out("ck.zip"), "--out", Out("o")], "--resume", "ck.zip");

    [TestMethod]
    public void ResumeFromAFileThatIsNotACheckpoint() =>
        AssertBadInput(["train", "--data", s_images, "--image-size", "8", "--batch-size", "4", "--steps", "2", "--resume", s_model, "--out", Out("o")], "model.zip", "checkpoint");

    [TestMethod]
    public void OutputFolderThatIsAFile()
    {
        File.WriteAllText(Out("a-file"), "x");
        AssertBadInput(["train", "--steps", "1", "--out", Out("a-file")], "--out", "a-file");
    }
}
