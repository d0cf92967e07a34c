// The command line without training: help of every command, what no arguments resolve to (the Fashion-MNIST demo),
// how budgets map onto the trainer's options, the progress line, live bar and warnings, and one run as a real process.
using System.Diagnostics;
using MLNet.Gan.Cli;
using MLNet.Gan.Cli.Commands;
using MLNet.Gan.Training;
using Spectre.Console;

namespace MLNet.Gan.Tests.Cli;

[TestClass]
public sealed class CliParseTests
{
    private static readonly CliConsole Quiet = new(TextWriter.Null, TextWriter.Null, default);

    [TestMethod]
    public void HelpListsTheSubcommands()
    {
        var run = CliHarness.Ok("--help");
        foreach (var sub in new[] { "train", "generate", "info", "evaluate" })
        {
            Assert.Contains(sub, run.Output);
        }

        Assert.Contains("Fashion-MNIST for 240 s", run.Output, "the root help says what no arguments do");
    }

    [TestMethod]
    public void TrainHelpListsEveryFlag()
    {
        var run = CliHarness.Ok("train", "--help");
        foreach (var flag in new[] { "--time", "--epochs", "--steps", "--out", "--data", "--unconditional", "--loss", "--batch-size", "--seed", "--device", "--checkpoint-every", "--resume", "--image-size", "--grayscale", "--precision" })
        {
            Assert.Contains(flag, run.Output, $"train --help should list {flag}");
        }

        Assert.Contains("[default: 240]", run.Output, "the default time budget is shown");
        Assert.Contains("WassersteinGp", run.Output, "the losses are listed");
    }

    [TestMethod]
    public void GenerateInfoAndEvaluateHelpListTheirFlags()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["generate"] = ["--model", "--count", "--per-class", "--label", "--seed", "--format", "--out", "--separate"],
            ["info"] = ["--model"],
            ["evaluate"] = ["--model", "--data", "--count", "--json", "--per-class", "--classifier", "--seed"],
        };
        foreach (var (command, flags) in expected)
        {
            var run = CliHarness.Ok(command, "--help");
            Assert.IsEmpty(run.Error, $"{command} --help writes nothing to stderr");
            foreach (var flag in flags)
            {
                Assert.Contains(flag, run.Output, $"{command} --help should list {flag}");
            }
        }
    }

    [TestMethod]
    public void NoArgumentsParseAsTrainWithItsDefaults()
    {
        var parse = CliApp.Parse([], Quiet);
        Assert.IsEmpty(parse.Errors);
        Assert.AreEqual("train", parse.CommandResult.Command.Name);
        var s = TrainCommand.ReadSettings(parse);
        Assert.AreEqual(240, s.TimeSeconds);
        Assert.IsNull(s.Epochs);
        Assert.IsNull(s.Steps);
        Assert.IsNull(s.DataPath, "Fashion-MNIST");
        Assert.IsNull(s.ImageSize, "Fashion-MNIST keeps its 28x28");
        Assert.IsTrue(s.Conditional);
        Assert.AreEqual(Path.Combine("runs", "fashion-cgan"), s.OutputFolder);

        var o = TrainCommand.TrainerOptions(s, default);
        var defaults = new GanTrainer.Options();
        Assert.AreEqual(TimeSpan.FromSeconds(240), o.TimeBudget);
        Assert.IsNull(o.MaxSteps, "no step limit: the time budget decides");
        Assert.IsNull(o.Epochs);
        Assert.AreEqual("Label", o.LabelColumnName);
        Assert.AreEqual("Image", o.ImageColumnName);
        Assert.AreEqual(Path.Combine("runs", "fashion-cgan"), o.SampleDirectory, "sample grids and the loss curve go to the output folder");
        Assert.IsNull(o.CheckpointDirectory);
        Assert.AreEqual(0, o.Seed);
        Assert.AreEqual("auto", o.Device);
        Assert.AreEqual((defaults.Loss, defaults.BatchSize, defaults.Width, defaults.LatentSize, defaults.Architecture, defaults.EmaDecay),
            (o.Loss, o.BatchSize, o.Width, o.LatentSize, o.Architecture, o.EmaDecay), "the rest are the trainer's defaults");
    }

    [TestMethod]
    public void EpochsOrStepsWithoutTimeDropTheTimeBudget()
    {
        var epochs = TrainCommand.ReadSettings(CliApp.Parse(["train", "--epochs", "3"], Quiet));
        Assert.IsNull(epochs.TimeSeconds);
        Assert.AreEqual(3, TrainCommand.TrainerOptions(epochs, default).Epochs);
        Assert.IsNull(TrainCommand.TrainerOptions(epochs, default).TimeBudget);
        var both = TrainCommand.ReadSettings(CliApp.Parse(["train", "--steps", "9", "--time", "30"], Quiet));
        Assert.AreEqual(30, both.TimeSeconds);
        Assert.AreEqual(9L, TrainCommand.TrainerOptions(both, default).MaxSteps);
        Assert.AreEqual(TimeSpan.FromSeconds(30), TrainCommand.TrainerOptions(both, default).TimeBudget);
    }

    [TestMethod]
    public void TrainOptionsMapOntoTheTrainer()
    {
        var s = TrainCommand.ReadSettings(CliApp.Parse(
            ["train", "--unconditional", "--loss", "hinge", "--batch-size", "16", "--seed", "7", "--device", "cpu",
             "--checkpoint-every", "25", "--resume", "ck.zip", "--out", "o", "--image-size", "16", "--grayscale", "--precision", "bfloat16"], Quiet));
        using var cancel = new CancellationTokenSource();
        var o = TrainCommand.TrainerOptions(s, cancel.Token);
        Assert.IsNull(o.LabelColumnName, "--unconditional");
        Assert.AreEqual(GanLoss.Hinge, o.Loss, "enum values parse in any case");
        Assert.AreEqual(16, o.BatchSize);
        Assert.AreEqual(7, o.Seed);
        Assert.AreEqual("cpu", o.Device);
        Assert.AreEqual(Path.Combine("o", "checkpoints"), o.CheckpointDirectory);
        Assert.AreEqual(25, o.CheckpointInterval);
        Assert.AreEqual("ck.zip", o.ResumeFrom);
        Assert.AreEqual(GanPrecision.BFloat16, o.Precision, "--precision reaches the trainer");
        Assert.AreEqual(new GanTrainer.Options().Precision, TrainCommand.TrainerOptions(TrainCommand.ReadSettings(CliApp.Parse(["train"], Quiet)), default).Precision,
            "without --precision the trainer's default applies");
        Assert.AreEqual(cancel.Token, o.CancellationToken, "Ctrl+C reaches the trainer");
        Assert.AreEqual(16, s.ImageSize);
        Assert.IsTrue(s.Grayscale);
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
    }

    [TestMethod]
    public void LiveBarShowsTheSameFactsOnTwoLinesThatFitEightyColumns()
    {
        var p = new GanProgress
        {
            Step = 120, TotalSteps = 500, Epoch = 2, Fraction = 0.5, DiscriminatorLoss = 1.23456, GeneratorLoss = 0.5,
            MeanDReal = 0.754, MeanDFake = 0.251, ImagesPerSecond = 1234.4, Elapsed = TimeSpan.FromSeconds(65), Eta = TimeSpan.FromSeconds(125),
        };
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 80;
        console.Write(TrainingProgressView.Bar(p, showTotalSteps: true));
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r', ' ')).ToArray();
        Assert.HasCount(2, lines, writer.ToString());
        Assert.AreEqual(new string('━', 24) + " 50 %  step 120/500 ep 2  01:05 ETA 02:05", lines[0]);
        Assert.AreEqual(new string(' ', 25) + "D 1.235 G 0.500 D(x) 0.75 D(G(z)) 0.25 1234 img/s", lines[1]);
        Assert.IsTrue(lines.All(l => l.Length <= 80), "fits an 80-column terminal");
    }

    [TestMethod]
    public void PlainProgressPrintsTheFirstLineEpochEndsAndWarningsOnStderr()
    {
        var p = new GanProgress { Step = 10, TotalSteps = 40, Epoch = 1, Fraction = 0.25, Elapsed = TimeSpan.FromSeconds(2) };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var view = new TrainingProgressView(new CliConsole(output, error, default), showTotalSteps: true);
        view.Report(p);
        view.Report(p with { Step = 11, Warning = "mode collapse suspected at step 11" });
        view.Report(p with { Step = 12 });
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, "plain lines: the first, then epoch ends and every few seconds");
        Assert.AreEqual("25 %  " + TrainingProgressView.Describe(p, true), lines[0].TrimEnd('\r'), "percentage, then the line");
        view.Report(p with { Step = 20, Epoch = 1, EpochCompleted = true });
        Assert.Contains("step 20/40 ep 1", output.ToString(), "an epoch end always prints");
        Assert.AreEqual("warning: mode collapse suspected at step 11", error.ToString().TrimEnd());
        Assert.AreEqual(1, view.WarningsShown);
    }

    // The one test of the real process: mlnet-gan.dll started with `dotnet`, so Program.Main's exit codes and streams
    // are what a shell sees (every other test calls CliApp in-process).
    private static (int Code, string Output, string Error) Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "mlnet-gan.dll");
        Assert.IsTrue(File.Exists(dll), $"the command line is copied beside the tests: {dll}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    [TestMethod]
    public void TheProcessPrintsHelpAndExitsWithTwoOnBadInput()
    {
        var help = Start("generate", "--help");
        Assert.AreEqual(0, help.Code, help.Error);
        Assert.Contains("--per-class", help.Output);

        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "missing.zip");
        var bad = Start("info", "--model", missing);
        Assert.AreEqual(2, bad.Code, bad.Output + bad.Error);
        Assert.AreEqual($"error: --model: file not found: {missing}", bad.Error.Trim());
        Assert.IsEmpty(bad.Output.Trim());
    }
}
