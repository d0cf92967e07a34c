// `mlnet-gan train`: trains a (conditional) GAN, writing model.zip, sample grids and loss_curve.png to --out.
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MLNet.Gan.Data;
using MLNet.Gan.Training;

namespace MLNet.Gan.Cli.Commands;

/// <summary>The train subcommand.</summary>
internal static class TrainCommand
{
    public const string ModelFileName = "model.zip";

    public static Command Create(CliConsole console)
    {
        var time = new Option<int>("--time") { Description = "Training time budget in seconds (default 240; ignored when --epochs or --steps is given without --time)", DefaultValueFactory = _ => 240 };
        var epochs = new Option<int?>("--epochs") { Description = "Passes over the data" };
        var steps = new Option<long?>("--steps") { Description = "Maximum training steps" };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => Path.Combine("runs", "fashion-cgan") };
        var data = new Option<string?>("--data") { Description = "Image folder (sub-folders = classes), CSV/TSV image list, or IDX images file; Fashion-MNIST when absent" };
        var unconditional = new Option<bool>("--unconditional") { Description = "Train a plain GAN that ignores labels" };
        var loss = new Option<GanLoss>("--loss") { Description = "Adversarial loss", DefaultValueFactory = _ => GanLoss.NonSaturating };
        var batch = new Option<int>("--batch-size") { Description = "Images per step", DefaultValueFactory = _ => 64 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto", DefaultValueFactory = _ => "auto" };
        var checkpointEvery = new Option<int?>("--checkpoint-every") { Description = "Write a checkpoint every N steps into OUT/checkpoints" };
        var resume = new Option<string?>("--resume") { Description = "Resume from a checkpoint file" };
        var imageSize = new Option<int>("--image-size") { Description = "Side of the square images decoded from a folder or list", DefaultValueFactory = _ => 32 };
        var command = new Command("train", "Train a conditional GAN (or --unconditional GAN) and write model.zip, sample grids and loss_curve.png")
        {
            time, epochs, steps, output, data, unconditional, loss, batch, seed, device, checkpointEvery, resume, imageSize,
        };
        command.SetAction(parse => CliApp.Guard(console, () => Train(console, ReadSettings(parse))));
        return command;
    }

    /// <summary>The settings a parsed <c>train</c> command line asks for (defaults filled in).</summary>
    internal static TrainSettings ReadSettings(ParseResult parse)
    {
        var timeGiven = parse.GetResult("--time") is OptionResult { Implicit: false };
        var epochs = parse.GetValue<int?>("--epochs");
        var steps = parse.GetValue<long?>("--steps");
        return new TrainSettings
        {
            TimeSeconds = timeGiven || (epochs is null && steps is null) ? parse.GetValue<int>("--time") : null,
            Epochs = epochs,
            Steps = steps,
            OutputFolder = parse.GetValue<string>("--out")!,
            DataPath = parse.GetValue<string?>("--data"),
            Conditional = !parse.GetValue<bool>("--unconditional"),
            Loss = parse.GetValue<GanLoss>("--loss"),
            BatchSize = parse.GetValue<int>("--batch-size"),
            Seed = parse.GetValue<int>("--seed"),
            Device = parse.GetValue<string>("--device")!,
            CheckpointEvery = parse.GetValue<int?>("--checkpoint-every"),
            ResumeFrom = parse.GetValue<string?>("--resume"),
            ImageSize = parse.GetValue<int>("--image-size"),
        };
    }

    /// <summary>What <c>train</c> was asked for.</summary>
    internal sealed class TrainSettings
    {
        public int? TimeSeconds;
        public int? Epochs;
        public long? Steps;
        public string OutputFolder = string.Empty;
        public string? DataPath;
        public bool Conditional;
        public GanLoss Loss;
        public int BatchSize;
        public int Seed;
        public string Device = "auto";
        public int? CheckpointEvery;
        public string? ResumeFrom;
        public int ImageSize;
    }

    private static int Train(CliConsole console, TrainSettings s)
    {
        Validate(s);
        var ctx = new GanContext(s.Seed);
        var (data, description) = TrainingData.Load(ctx, s.DataPath, s.ImageSize);
        var hasLabels = data.Schema.GetColumnOrNull("Label") is not null;
        if (s.Conditional && !hasLabels)
        {
            throw new CliUsageException($"the data has no labels ({description}); add --unconditional to train a plain GAN");
        }

        Directory.CreateDirectory(s.OutputFolder);
        var options = TrainerOptions(s, console.CancellationToken);
        var view = new TrainingProgressView(console, showTotalSteps: s.Epochs is not null || s.Steps is not null);
        options.Progress = view;
        var kind = s.Conditional ? "conditional GAN" : "GAN";
        var budget = string.Join(", ", new[]
        {
            s.TimeSeconds is { } ts ? $"{ts} s" : null,
            s.Epochs is { } e ? $"{e} epochs" : null,
            s.Steps is { } st ? $"{st} steps" : null,
        }.Where(x => x is not null));
        console.Output.WriteLine($"training a {kind} on {description}; budget {budget}; output {Path.GetFullPath(s.OutputFolder)}");

        var trainer = s.Conditional ? ctx.Gan.Trainers.ConditionalGan(options) : ctx.Gan.Trainers.Gan(options);
        using var model = view.Run(() => trainer.Fit(data));
        var modelPath = Path.Combine(s.OutputFolder, ModelFileName);
        ctx.Model.Save(model, data.Schema, modelPath);
        var history = model.History!;
        var curvePath = history.LossCurveFile!;

        foreach (var warning in history.Warnings.Skip(view.WarningsShown))
        {
            console.Error.WriteLine($"warning: {warning}");
        }

        console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(history.Cancelled ? "stopped early" : "done")}: {history.Steps} steps, {history.Epochs} epochs in {history.Elapsed.TotalSeconds:0} s"));
        console.Output.WriteLine($"  model        {Path.GetFullPath(modelPath)}");
        console.Output.WriteLine($"  loss curve   {Path.GetFullPath(curvePath)}");
        if (options.CheckpointDirectory is { } checkpoints)
        {
            console.Output.WriteLine($"  checkpoints  {Path.GetFullPath(checkpoints)} (continue with --resume FILE)");
        }

        foreach (var sample in history.SampleFiles.TakeLast(3))
        {
            console.Output.WriteLine($"  samples      {Path.GetFullPath(sample)}");
        }

        console.Output.WriteLine($"next: mlnet-gan generate --model {modelPath}" + (s.Conditional ? " --per-class 8" : " --count 64"));
        return CliApp.Success;
    }

    /// <summary>The trainer options for <paramref name="s"/>: everything the command line does not set keeps the trainer's default.</summary>
    internal static GanTrainer.Options TrainerOptions(TrainSettings s, CancellationToken cancellationToken) => new()
    {
        ImageColumnName = "Image",
        LabelColumnName = s.Conditional ? "Label" : null,
        Loss = s.Loss,
        BatchSize = s.BatchSize,
        Epochs = s.Epochs,
        MaxSteps = s.Steps,
        TimeBudget = s.TimeSeconds is { } t ? TimeSpan.FromSeconds(t) : null,
        Seed = s.Seed,
        Device = s.Device,
        SampleDirectory = s.OutputFolder,
        CheckpointDirectory = s.CheckpointEvery is null ? null : Path.Combine(s.OutputFolder, "checkpoints"),
        CheckpointInterval = s.CheckpointEvery ?? 500,
        ResumeFrom = s.ResumeFrom,
        CancellationToken = cancellationToken,
    };

    private static void Validate(TrainSettings s)
    {
        if (s.TimeSeconds is <= 0)
        {
            throw new CliUsageException($"--time must be a positive number of seconds, got {s.TimeSeconds}");
        }

        if (s.Epochs is <= 0)
        {
            throw new CliUsageException($"--epochs must be positive, got {s.Epochs}");
        }

        if (s.Steps is <= 0)
        {
            throw new CliUsageException($"--steps must be positive, got {s.Steps}");
        }

        if (s.BatchSize <= 0)
        {
            throw new CliUsageException($"--batch-size must be positive, got {s.BatchSize}");
        }

        if (s.CheckpointEvery is <= 0)
        {
            throw new CliUsageException($"--checkpoint-every must be a positive number of steps, got {s.CheckpointEvery}");
        }

        if (s.ResumeFrom is { } r && !File.Exists(r))
        {
            throw new CliUsageException($"--resume: checkpoint file not found: {r}");
        }

        if (File.Exists(s.OutputFolder))
        {
            throw new CliUsageException($"--out {s.OutputFolder} is a file, not a folder");
        }
    }
}
