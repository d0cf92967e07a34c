// Every bad command line gives exit code 2 and exactly one "error:" line naming the problem, never a stack trace.
namespace MLNet.Gan.Tests;

[TestClass]
public sealed class CliBadInputTests
{
    private static string s_model = null!;
    private static string s_unconditional = null!;
    private static string s_root = null!;

    [ClassInitialize]
    public static void Setup(TestContext _)
    {
        s_root = Path.Combine(Path.GetTempPath(), $"cli-bad-{Guid.NewGuid():N}");
        Directory.CreateDirectory(s_root);
        var ctx = new Data.GanContext(1);
        using (var model = ctx.Gan.Trainers.ConditionalGan(ToyData.TinyOptions()).Fit(ToyData.Quadrants(ctx)))
        {
            s_model = Path.Combine(s_root, "cgan.zip");
            ctx.Model.Save(model, null, s_model);
        }

        var options = ToyData.TinyOptions(conditional: false);
        options.MaxSteps = 2;
        using (var model = ctx.Gan.Trainers.Gan(options).Fit(ToyData.Quadrants(ctx)))
        {
            s_unconditional = Path.Combine(s_root, "gan.zip");
            ctx.Model.Save(model, null, s_unconditional);
        }
    }

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(s_root, recursive: true);

    private static void AssertBadInput(string[] args, params string[] mentions)
    {
        var (code, output, error) = CliTests.Cli(args);
        Assert.AreEqual(2, code, $"args: {string.Join(' ', args)}\nout: {output}\nerr: {error}");
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, $"one error line expected, got:\n{error}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", error, "no stack trace");
        foreach (var m in mentions)
        {
            Assert.Contains(m, lines[0], $"the message should name '{m}'");
        }
    }

    [TestMethod]
    public void MissingModelFile() =>
        AssertBadInput(new[] { "generate", "--model", Path.Combine(s_root, "nope.zip") }, "not found", "nope.zip");

    [TestMethod]
    public void ModelOptionLeftOut() => AssertBadInput(new[] { "info" }, "--model");

    [TestMethod]
    public void FileThatIsNotAModel()
    {
        var path = Path.Combine(s_root, "notes.zip");
        File.WriteAllText(path, "hello");
        AssertBadInput(new[] { "info", "--model", path }, "notes.zip");
    }

    [TestMethod]
    public void UnknownLabelName() =>
        AssertBadInput(new[] { "generate", "--model", s_model, "--label", "Giraffe", "--out", s_root }, "Giraffe");

    [TestMethod]
    public void LabelIndexOutOfRange() =>
        AssertBadInput(new[] { "generate", "--model", s_model, "--label", "17", "--out", s_root }, "17");

    [TestMethod]
    public void CountAndPerClassTogether() =>
        AssertBadInput(new[] { "generate", "--model", s_model, "--count", "4", "--per-class", "2" }, "--count", "--per-class");

    [TestMethod]
    public void PerClassOnUnconditionalModel() =>
        AssertBadInput(new[] { "generate", "--model", s_unconditional, "--per-class", "2" }, "--per-class", "conditional");

    [TestMethod]
    public void LabelOnUnconditionalModel() =>
        AssertBadInput(new[] { "generate", "--model", s_unconditional, "--label", "1" }, "--label", "conditional");

    [TestMethod]
    public void EvaluateUnconditionalModel() =>
        AssertBadInput(new[] { "evaluate", "--model", s_unconditional }, "conditional");

    [TestMethod]
    public void EvaluateModelThatIsNotFashionMnistShaped() =>
        AssertBadInput(new[] { "evaluate", "--model", s_model, "--classifier", Path.Combine(s_root, "none.safetensors") }, "1x8x8", "1x28x28");

    [TestMethod]
    public void UnknownFormat() =>
        AssertBadInput(new[] { "generate", "--model", s_model, "--format", "jpg" }, "jpg");

    [TestMethod]
    public void UnknownOption() => AssertBadInput(new[] { "train", "--bogus" }, "--bogus");

    [TestMethod]
    public void NonNumericCount() => AssertBadInput(new[] { "generate", "--model", s_model, "--count", "many" }, "many");

    [TestMethod]
    public void MissingTrainingData() =>
        AssertBadInput(new[] { "train", "--data", Path.Combine(s_root, "nothing-here"), "--out", Path.Combine(s_root, "o") }, "nothing-here");

    [TestMethod]
    public void NegativeTime() => AssertBadInput(new[] { "train", "--time", "-5", "--out", Path.Combine(s_root, "o") }, "--time");

    [TestMethod]
    public void ResumeFromMissingCheckpoint() =>
        AssertBadInput(new[] { "train", "--steps", "1", "--resume", Path.Combine(s_root, "ck.safetensors"), "--out", Path.Combine(s_root, "o") }, "ck.safetensors");

    [TestMethod]
    public void UnlabelledDataForConditionalTraining()
    {
        var folder = Path.Combine(s_root, "flat");
        Directory.CreateDirectory(folder);
        new Data.MLImage(8, 8, 1, new byte[64]).Save(Path.Combine(folder, "a.png"));
        AssertBadInput(new[] { "train", "--data", folder, "--image-size", "8", "--steps", "1", "--out", Path.Combine(s_root, "o") }, "--unconditional");
    }
}
