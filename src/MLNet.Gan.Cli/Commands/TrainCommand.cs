// `mlnet-gan train`: trains a (conditional) GAN, writing model.zip, sample grids and loss_curve.png to --out.
using System.CommandLine;
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
        command.SetAction(parse => CliApp.Guard(console, () =>
        {
            var timeGiven = parse.GetResult(time) is { Implicit: false };
            var settings = new TrainSettings
            {
                TimeSeconds = timeGiven || (parse.GetValue(epochs) is null && parse.GetValue(steps) is null) ? parse.GetValue(time) : null,
                Epochs = parse.GetValue(epochs),
                Steps = parse.GetValue(steps),
                OutputFolder = parse.GetValue(output)!,
                DataPath = parse.GetValue(data),
                Conditional = !parse.GetValue(unconditional),
                Loss = parse.GetValue(loss),
                BatchSize = parse.GetValue(batch),
                Seed = parse.GetValue(seed),
                Device = parse.GetValue(device)!,
                CheckpointEvery = parse.GetValue(checkpointEvery),
                ResumeFrom = parse.GetValue(resume),
                ImageSize = parse.GetValue(imageSize),
            };
            return Train(console, settings);
        }));
        return command;
    }

    private sealed class TrainSettings
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
        var options = new GanTrainer.Options
        {
            ImageColumnName = "Image",
            LabelColumnName = s.Conditional ? "Label" : null,
            Loss = s.Loss,
            BatchSize = s.BatchSize,
            Epochs = s.Epochs ?? 1_000_000,
            MaxSteps = s.Steps,
            TimeBudget = s.TimeSeconds is { } t ? TimeSpan.FromSeconds(t) : null,
            Seed = s.Seed,
            Device = s.Device,
            SampleDirectory = s.OutputFolder,
            CheckpointDirectory = s.CheckpointEvery is null ? null : Path.Combine(s.OutputFolder, "checkpoints"),
            CheckpointInterval = s.CheckpointEvery ?? 500,
            ResumeFrom = s.ResumeFrom,
            CancellationToken = console.CancellationToken,
        };
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
