// `mlnet-gan train` on tiny data: what it writes, every --data form (class folder, CSV list, IDX with its labels file),
// step, epoch and time budgets, skipped files, checkpoints with --resume, and Ctrl+C still saving the model so far.
using System.Globalization;
using System.Text;

namespace MLNet.Gan.Tests.Cli;

[TestClass]
public sealed class CliTrainTests
{
    private static TempFolder s_root = null!;
    private static string s_images = null!;
    private static CliRun s_conditional = null!;

    [ClassInitialize]
    public static void TrainTinyModel(TestContext _)
    {
        s_root = new TempFolder();
        s_images = CliHarness.WriteImageFolder(s_root.Path);
        s_conditional = CliHarness.Ok("train", "--data", s_images, "--image-size", "8", "--steps", "4", "--batch-size", "8",
            "--device", "cpu", "--out", Out("cgan"));
    }

    [ClassCleanup]
    public static void Cleanup() => s_root.Dispose();

    private static string Out(string name) => Path.Combine(s_root.Path, name);

    private static string Info(string modelFolder) => CliHarness.Ok("info", "--model", Path.Combine(modelFolder, "model.zip")).Output;

    [TestMethod]
    public void TrainWritesModelLossCurveAndFinalSamples()
    {
        var folder = Out("cgan");
        Assert.IsTrue(File.Exists(Path.Combine(folder, "model.zip")), s_conditional.All);
        Assert.AreEqual((800, 500), CliHarness.SizeOf(Path.Combine(folder, "loss_curve.png")));
        Assert.IsTrue(File.Exists(Path.Combine(folder, "samples_final.png")), "final sample grid");
        Assert.Contains("training a conditional GAN on image folder", s_conditional.Output);
        Assert.Contains("classes = sub-folders: left, right", s_conditional.Output);
        Assert.Contains("budget 4 steps", s_conditional.Output);
        Assert.Contains("done: 4 steps", s_conditional.Output);
        Assert.Contains($"next: mlnet-gan generate --model {Path.Combine(folder, "model.zip")} --per-class 8", s_conditional.Output);
        Assert.Contains("trained steps  4", Info(folder));
        Assert.IsEmpty(s_conditional.Error.Trim(), "no errors or warnings");
    }

    [TestMethod]
    public void EpochsBudgetTrainsThatManyPassesWithASampleGridEach()
    {
        // 48 images in batches of 8: 6 steps an epoch.
        var run = CliHarness.Ok("train", "--data", s_images, "--image-size", "8", "--epochs", "2", "--batch-size", "8",
            "--device", "cpu", "--out", Out("epochs-run"));
        Assert.Contains("budget 2 epochs", run.Output);
        Assert.Contains("done: 12 steps, 2 epochs", run.Output);
        Assert.Contains("step 6/12 ep 1", run.Output, "a progress line at the end of epoch 1");
        Assert.Contains("step 12/12 ep 2", run.Output);
        Assert.IsTrue(File.Exists(Path.Combine(Out("epochs-run"), "samples_epoch_001.png")));
        Assert.IsTrue(File.Exists(Path.Combine(Out("epochs-run"), "samples_epoch_002.png")));
        Assert.IsFalse(File.Exists(Path.Combine(Out("epochs-run"), "samples_epoch_003.png")));
    }

    [TestMethod]
    public void TimeBudgetAloneTrainsUntilItIsSpent()
    {
        var run = CliHarness.Ok("train", "--data", s_images, "--image-size", "8", "--time", "1", "--batch-size", "8",
            "--device", "cpu", "--out", Out("time-run"));
        Assert.Contains("budget 1 s", run.Output);
        var done = run.Lines.Single(l => l.StartsWith("done: ", StringComparison.Ordinal));
        var steps = long.Parse(done.Split(' ')[1], CultureInfo.InvariantCulture);
        Assert.IsGreaterThan(0L, steps, done);
        Assert.IsTrue(File.Exists(Path.Combine(Out("time-run"), "model.zip")));
    }

    [TestMethod]
    public void TrainsFromACsvListOfPathsAndLabels()
    {
        var list = Path.Combine(s_root.Path, "list.csv");
        var lines = new List<string> { "path,label" };
        lines.AddRange(Directory.GetFiles(Path.Combine(s_images, "left")).Order().Take(6).Select(f => $"{Path.GetRelativePath(s_root.Path, f)},shirt"));
        lines.AddRange(Directory.GetFiles(Path.Combine(s_images, "right")).Order().Take(6).Select(f => $"{Path.GetRelativePath(s_root.Path, f)},boot"));
        File.WriteAllLines(list, lines);
        var run = CliHarness.Ok("train", "--data", list, "--image-size", "8", "--steps", "2", "--batch-size", "4", "--device", "cpu", "--out", Out("csv-run"));
        Assert.Contains($"image list {list} (12 images)", run.Output);
        Assert.Contains("classes        2: 0=boot, 1=shirt", Info(Out("csv-run")), "classes are the list's labels, sorted");
    }

    [TestMethod]
    public void TrainsFromATsvListWithoutHeaderAndResizes()
    {
        var list = Path.Combine(s_root.Path, "list.tsv");
        var files = Directory.GetFiles(Path.Combine(s_images, "left")).Order().Take(4).ToList();
        File.WriteAllLines(list, files.Select((f, i) => $"{f}\t{(i % 2 == 0 ? "even" : "odd")}"));
        CliHarness.Ok("train", "--data", list, "--image-size", "16", "--steps", "1", "--batch-size", "2", "--device", "cpu", "--out", Out("tsv-run"));
        var info = Info(Out("tsv-run"));
        Assert.Contains("16x16", info, "ResizeImages made the 8x8 files 16x16");
        Assert.Contains("0=even, 1=odd", info);
    }

    [TestMethod]
    public void TrainsFromAnIdxFileWithItsLabelsFileBesideIt()
    {
        var images = CliHarness.WriteIdx(Path.Combine(s_root.Path, "idx"));
        var run = CliHarness.Ok("train", "--data", images, "--steps", "2", "--batch-size", "4", "--device", "cpu", "--out", Out("idx-run"));
        Assert.Contains("tiny-labels-idx1-ubyte", run.Output, "the labels file was found beside the images");
        var info = Info(Out("idx-run"));
        Assert.Contains("classes        3: 0=0, 1=1, 2=2", info);
        Assert.Contains("1 channel(s), 8x8", info, "IDX images keep their size without --image-size");
    }

    [TestMethod]
    public void SkippedFilesAreReportedByCountAndName()
    {
        var folder = CliHarness.WriteImageFolder(Path.Combine(s_root.Path, "with-strays"), perClass: 4);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not an image");
        File.WriteAllText(Path.Combine(folder, "left", "readme.md"), "not an image");
        var run = CliHarness.Ok("train", "--data", folder, "--image-size", "8", "--steps", "1", "--batch-size", "4", "--device", "cpu", "--out", Out("strays-run"));
        var note = run.Lines.Single(l => l.StartsWith("skipped ", StringComparison.Ordinal));
        Assert.StartsWith("skipped 2 file(s) under ", note);
        Assert.Contains("notes.txt (not in a class sub-folder)", note);
        Assert.Contains($"{Path.Combine("left", "readme.md")} (extension '.md' is not an image extension)", note);
        Assert.Contains("(8 images", run.Output, "the strays are not trained on");
    }

    [TestMethod]
    public void UnreadableImagesAreSkippedAndNamed()
    {
        var folder = CliHarness.WriteImageFolder(Path.Combine(s_root.Path, "with-broken"), perClass: 4);
        File.WriteAllText(Path.Combine(folder, "right", "broken.png"), "not a png");
        var run = CliHarness.Ok("train", "--data", folder, "--image-size", "8", "--steps", "1", "--batch-size", "4", "--device", "cpu", "--out", Out("broken-run"));
        var note = run.Lines.Single(l => l.StartsWith("skipped ", StringComparison.Ordinal));
        Assert.StartsWith($"skipped 1 unusable image(s): {Path.Combine("right", "broken.png")} (not an image: ", note);
        Assert.Contains("(8 images", run.Output, "the other images are trained on");
    }

    [TestMethod]
    public void CheckpointsLetResumeContinueTheStepCount()
    {
        var first = CliHarness.Ok("train", "--data", s_images, "--image-size", "8", "--steps", "3", "--batch-size", "8", "--device", "cpu",
            "--checkpoint-every", "2", "--out", Out("ck-run"));
        var checkpoint = Path.Combine(Out("ck-run"), "checkpoints", "checkpoint.zip");
        Assert.IsTrue(File.Exists(checkpoint), first.All);
        Assert.Contains("--resume", first.Output, "the run says how to continue");
        var resumed = CliHarness.Ok("train", "--data", s_images, "--image-size", "8", "--steps", "5", "--batch-size", "8", "--device", "cpu",
            "--resume", checkpoint, "--out", Out("resumed-run"));
        Assert.Contains("done: 5 steps", resumed.Output, "3 steps from the checkpoint, 2 more");
        Assert.Contains("trained steps  5", Info(Out("resumed-run")));
    }

    [TestMethod]
    public void CancelledRunStillSavesTheModelSoFar()
    {
        // Ctrl+C arrives as the first progress line is printed; the run stops long before its 100000 steps.
        using var cancel = new CancellationTokenSource();
        using var output = new CancelOnProgress(cancel);
        var run = CliHarness.Run(["train", "--data", s_images, "--image-size", "8", "--steps", "100000", "--batch-size", "8",
            "--device", "cpu", "--out", Out("cancelled-run")], cancel.Token, output);
        Assert.AreEqual(0, run.Code, run.All);
        var done = run.Lines.Single(l => l.StartsWith("stopped early: ", StringComparison.Ordinal));
        var steps = long.Parse(done.Split(' ')[2], CultureInfo.InvariantCulture);
        Assert.IsLessThan(100000L, steps, done);
        Assert.IsTrue(File.Exists(Path.Combine(Out("cancelled-run"), "model.zip")));
        Assert.Contains($"trained steps  {steps}", Info(Out("cancelled-run")));
    }

    [TestMethod]
    public void FlatFolderTrainsAnUnconditionalModelInColour()
    {
        var folder = CliHarness.WriteColorFolder(Path.Combine(s_root.Path, "colour"));
        var run = CliHarness.Ok("train", "--data", folder, "--unconditional", "--image-size", "8", "--steps", "1", "--batch-size", "4",
            "--device", "cpu", "--out", Out("colour-run"));
        Assert.Contains("training a GAN on image folder", run.Output);
        Assert.Contains("--count 64", run.Output, "an unconditional model is sampled by count");
        var info = Info(Out("colour-run"));
        Assert.Contains("conditional    no", info);
        Assert.Contains("3 channel(s), 8x8", info);
    }

    [TestMethod]
    public void GrayscaleTurnsColourImagesIntoOneChannel()
    {
        var folder = CliHarness.WriteColorFolder(Path.Combine(s_root.Path, "colour-gray"), count: 4);
        CliHarness.Ok("train", "--data", folder, "--unconditional", "--grayscale", "--image-size", "8", "--steps", "1", "--batch-size", "4",
            "--device", "cpu", "--out", Out("gray-run"));
        Assert.Contains("1 channel(s), 8x8", Info(Out("gray-run")));
    }

    // A writer that cancels its token when a progress line ("... step N ...") is written.
    private sealed class CancelOnProgress(CancellationTokenSource cancel) : StringWriter(CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(" step ", StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        }
    }
}
