// The command line beyond the basics: help of each command, what no arguments resolve to, CSV lists, epoch and
// time budgets, reproducible generation, colour npy layout, and the progress line.
using MLNet.Gan.Cli;
using MLNet.Gan.Cli.Commands;
using MLNet.Gan.Data;
using MLNet.Gan.Training;

namespace MLNet.Gan.Tests;

[TestClass]
public sealed class CliCommandTests
{
    private static string s_root = null!;
    private static string s_images = null!;
    private static string s_colorModel = null!;

    [ClassInitialize]
    public static void Setup(TestContext _)
    {
        s_root = Path.Combine(Path.GetTempPath(), $"cli-commands-{Guid.NewGuid():N}");
        s_images = CliTests.WriteImageFolder(s_root);

        // A 3-channel model trained for one step through the API.
        var ctx = new GanContext(1);
        var options = new GanTrainer.Options { Width = 4, LatentSize = 8, BatchSize = 8, MaxSteps = 1, Seed = 1, Device = "cpu" };
        var data = DcganTrainingTests.Images(ctx, 32, 3);
        using var model = ctx.Gan.Trainers.Gan(options).Fit(data);
        s_colorModel = Path.Combine(s_root, "color.zip");
        ctx.Model.Save(model, data.Schema, s_colorModel);
    }

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(s_root, recursive: true);

    private static string Out(string name) => Path.Combine(s_root, name);

    [TestMethod]
    public void TrainHelpListsEveryFlag()
    {
        var (code, output, _) = CliTests.Cli("train", "--help");
        Assert.AreEqual(0, code);
        foreach (var flag in new[] { "--time", "--epochs", "--steps", "--out", "--data", "--unconditional", "--loss", "--batch-size", "--seed", "--device", "--checkpoint-every", "--resume", "--image-size" })
        {
            Assert.Contains(flag, output, $"train --help should list {flag}");
        }

        Assert.Contains("240", output, "the default time budget is shown");
    }

    [TestMethod]
    public void GenerateHelpListsEveryFlag()
    {
        var (code, output, _) = CliTests.Cli("generate", "--help");
        Assert.AreEqual(0, code);
        foreach (var flag in new[] { "--model", "--count", "--per-class", "--label", "--seed", "--format", "--out", "--separate" })
        {
            Assert.Contains(flag, output, $"generate --help should list {flag}");
        }
    }

    [TestMethod]
    public void NoArgumentsParseAsTrainWithItsDefaults()
    {
        var parse = CliApp.Parse(Array.Empty<string>(), new CliConsole(TextWriter.Null, TextWriter.Null, default));
        Assert.IsEmpty(parse.Errors);
        Assert.AreEqual("train", parse.CommandResult.Command.Name);
        var s = TrainCommand.ReadSettings(parse);
        Assert.AreEqual(240, s.TimeSeconds);
        Assert.IsNull(s.Epochs);
        Assert.IsNull(s.Steps);
        Assert.IsNull(s.DataPath, "Fashion-MNIST");
        Assert.IsTrue(s.Conditional);
        Assert.AreEqual(Path.Combine("runs", "fashion-cgan"), s.OutputFolder);

        var o = TrainCommand.TrainerOptions(s, default);
        var defaults = new GanTrainer.Options();
        Assert.AreEqual(TimeSpan.FromSeconds(240), o.TimeBudget);
        Assert.IsNull(o.MaxSteps, "no step limit: the time budget decides");
        Assert.AreEqual("Label", o.LabelColumnName);
        Assert.AreEqual(Path.Combine("runs", "fashion-cgan"), o.SampleDirectory);
        Assert.IsNull(o.CheckpointDirectory);
        Assert.AreEqual(0, o.Seed);
        Assert.AreEqual("auto", o.Device);
        Assert.AreEqual((defaults.Loss, defaults.BatchSize, defaults.Width, defaults.LatentSize, defaults.Architecture, defaults.EmaDecay),
            (o.Loss, o.BatchSize, o.Width, o.LatentSize, o.Architecture, o.EmaDecay), "the rest are the trainer's defaults");
    }

    [TestMethod]
    public void EpochsOrStepsWithoutTimeDropTheTimeBudget()
    {
        var console = new CliConsole(TextWriter.Null, TextWriter.Null, default);
        var epochs = TrainCommand.ReadSettings(CliApp.Parse(new[] { "train", "--epochs", "3" }, console));
        Assert.IsNull(epochs.TimeSeconds);
        Assert.AreEqual(3, TrainCommand.TrainerOptions(epochs, default).Epochs);
        var both = TrainCommand.ReadSettings(CliApp.Parse(new[] { "train", "--steps", "9", "--time", "30" }, console));
        Assert.AreEqual(30, both.TimeSeconds);
        Assert.AreEqual(9L, TrainCommand.TrainerOptions(both, default).MaxSteps);
    }

    [TestMethod]
    public void TrainsFromACsvListOfPathsAndLabels()
    {
        var list = Path.Combine(s_root, "list.csv");
        var lines = new List<string> { "path,label" };
        lines.AddRange(Directory.GetFiles(Path.Combine(s_images, "left")).Take(6).Select(f => $"{Path.GetRelativePath(s_root, f)},shirt"));
        lines.AddRange(Directory.GetFiles(Path.Combine(s_images, "right")).Take(6).Select(f => $"{Path.GetRelativePath(s_root, f)},boot"));
        File.WriteAllLines(list, lines);
        var train = CliTests.Cli("train", "--data", list, "--image-size", "8", "--steps", "2", "--batch-size", "4", "--device", "cpu", "--out", Out("csv-run"));
        Assert.AreEqual(0, train.Code, train.Error + train.Output);
        Assert.Contains($"image list {list}", train.Output);
        var (code, info, error) = CliTests.Cli("info", "--model", Path.Combine(Out("csv-run"), "model.zip"));
        Assert.AreEqual(0, code, error);
        Assert.Contains("0=boot, 1=shirt", info, "classes are the list's labels, sorted");
    }

    [TestMethod]
    public void EpochsBudgetTrainsThatManyPassesAndPrintsProgressLines()
    {
        // 48 images in batches of 8: 6 steps an epoch.
        var (code, output, error) = CliTests.Cli("train", "--data", s_images, "--image-size", "8", "--epochs", "2", "--batch-size", "8",
            "--device", "cpu", "--out", Out("epochs-run"));
        Assert.AreEqual(0, code, error + output);
        Assert.Contains("budget 2 epochs", output);
        Assert.Contains("done: 12 steps, 2 epochs", output);
        Assert.Contains("step 6/12 ep 1", output, "a progress line at the end of epoch 1");
        Assert.Contains("step 12/12 ep 2", output);
    }

    [TestMethod]
    public void ShortTimeBudgetTrainsAndStops()
    {
        var (code, output, error) = CliTests.Cli("train", "--data", s_images, "--image-size", "8", "--time", "1", "--batch-size", "8",
            "--device", "cpu", "--out", Out("time-run"));
        Assert.AreEqual(0, code, error + output);
        Assert.Contains("budget 1 s", output);
        var done = output.Split('\n').Single(l => l.StartsWith("done: ", StringComparison.Ordinal));
        var steps = long.Parse(done.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsGreaterThan(0L, steps, done);
        Assert.IsTrue(File.Exists(Path.Combine(Out("time-run"), "model.zip")));
    }

    [TestMethod]
    public void GenerateIsReproducibleForASeed()
    {
        byte[] Generate(string name, int seed)
        {
            var (code, _, error) = CliTests.Cli("generate", "--model", s_colorModel, "--count", "3", "--format", "npy", "--seed", $"{seed}", "--out", Out(name));
            Assert.AreEqual(0, code, error);
            return File.ReadAllBytes(Path.Combine(Out(name), "images.npy"));
        }

        var first = Generate("seed-a", 3);
        CollectionAssert.AreEqual(first, Generate("seed-b", 3), "the same seed gives the same file");
        CollectionAssert.AreNotEqual(first, Generate("seed-c", 4), "another seed gives other images");
    }

    [TestMethod]
    public void ColorNpyIsImagesByHeightByWidthByChannel()
    {
        var (code, _, error) = CliTests.Cli("generate", "--model", s_colorModel, "--count", "2", "--format", "npy", "--seed", "5", "--out", Out("color-npy"));
        Assert.AreEqual(0, code, error);
        var npy = NpyTestReader.Read(Path.Combine(Out("color-npy"), "images.npy"));
        CollectionAssert.AreEqual(new long[] { 2, 32, 32, 3 }, npy.Shape, "(N, H, W, C)");

        using var model = (GanTransformer)new GanContext(1).Model.Load(s_colorModel, out _);
        using var scope = Torch.Torch.NewScope();
        var chw = model.GenerateTensor(2, null, seed: 5).ToArray<float>(); // (N, C, H, W)
        foreach (var (n, y, x, c) in new[] { (0, 0, 0, 0), (0, 3, 17, 1), (1, 31, 2, 2), (1, 20, 30, 0) })
        {
            var value = chw[((n * 3 + c) * 32 + y) * 32 + x];
            var expected = (byte)Math.Clamp(Math.Round((value + 1) * 127.5), 0, 255);
            Assert.AreEqual(expected, npy.Data[((n * 32 + y) * 32 + x) * 3 + c], 1, $"pixel n={n} y={y} x={x} c={c}");
        }
    }

    [TestMethod]
    public void ProgressLineShowsStepEpochLossesDiscriminatorMeansSpeedAndEta()
    {
        var p = new GanProgress
        {
            Step = 120, TotalSteps = 500, Epoch = 2, Fraction = 0.24, DiscriminatorLoss = 1.23456, GeneratorLoss = 0.5,
            MeanDReal = 0.754, MeanDFake = 0.251, ImagesPerSecond = 1234.4, Elapsed = TimeSpan.FromSeconds(65), Eta = TimeSpan.FromSeconds(125),
        };
        Assert.AreEqual("step 120/500 ep 2 D 1.235 G 0.500 D(x) 0.75 D(G(z)) 0.25 1234 img/s 01:05 ETA 02:05", TrainingProgressView.Describe(p, true));
        Assert.StartsWith("step 120 ep 2 ", TrainingProgressView.Describe(p, showTotalSteps: false), "the total only with a step or epoch limit");
        Assert.EndsWith("ETA ?", TrainingProgressView.Describe(p with { Eta = null }, true));
        Assert.EndsWith("1:01:01 ETA 2:00:00", TrainingProgressView.Describe(p with { Elapsed = new TimeSpan(1, 1, 1), Eta = TimeSpan.FromHours(2) }, true));

        using var output = new StringWriter();
        using var error = new StringWriter();
        var view = new TrainingProgressView(new CliConsole(output, error, default), showTotalSteps: true);
        view.Report(p);
        view.Report(p with { Step = 121, Warning = "mode collapse suspected at step 121" });
        Assert.AreEqual(1, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, "plain lines: the first, then every few seconds");
        Assert.Contains("24", output.ToString().Split("step")[0], "the line starts with the percentage");
        Assert.EndsWith(TrainingProgressView.Describe(p, true), output.ToString().TrimEnd());
        Assert.AreEqual("warning: mode collapse suspected at step 121", error.ToString().TrimEnd());
        Assert.AreEqual(1, view.WarningsShown);
    }
}
