// `mlnet-gan train`: trains a (conditional) GAN with mlContext.Gan().Trainers, writing model.zip, sample grids per epoch,
// samples_final.png and loss_curve.png to --out; Ctrl+C stops early and the model so far is still saved.
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Microsoft.ML;
using MLNet.Gan.Imaging;
using MLNet.Gan.Training;

namespace MLNet.Gan.Cli.Commands;

/// <summary>The train subcommand.</summary>
internal static class TrainCommand
{
    public const string ModelFileName = "model.zip";
    public const string CheckpointFolderName = "checkpoints";
    public const int DefaultTimeSeconds = 240;

    public static Command Create(CliConsole console)
    {
        Option<int> time = new("--time") { Description = $"Training time budget in seconds (default {DefaultTimeSeconds}; not applied when --epochs or --steps is given without --time)", DefaultValueFactory = _ => DefaultTimeSeconds };
        Option<int?> epochs = new("--epochs") { Description = "Passes over the data" };
        Option<long?> steps = new("--steps") { Description = "Maximum generator steps" };
        Option<string> output = new("--out") { Description = "Output folder for model.zip, sample grids and loss_curve.png", DefaultValueFactory = _ => Path.Combine("runs", "fashion-cgan") };
        Option<string?> data = new("--data") { Description = "Image folder (one sub-folder per class), CSV/TSV list of path,label lines, or IDX images file (labels file beside it); Fashion-MNIST when absent" };
        Option<bool> unconditional = new("--unconditional") { Description = "Train a plain GAN that ignores labels" };
        Option<GanLoss> loss = new("--loss") { Description = "Adversarial loss", DefaultValueFactory = _ => GanLoss.NonSaturating };
        Option<int> batch = new("--batch-size") { Description = "Images per step", DefaultValueFactory = _ => 64 };
        Option<int> seed = new("--seed") { Description = "Random seed of weights, batches and noise", DefaultValueFactory = _ => 0 };
        Option<string> device = new("--device") { Description = "cpu, cuda, cuda:N or auto", DefaultValueFactory = _ => "auto" };
        Option<int?> checkpointEvery = new("--checkpoint-every") { Description = $"Write OUT/{CheckpointFolderName}/checkpoint.zip every N steps (and at the end)" };
        Option<string?> resume = new("--resume") { Description = "Continue exactly from a checkpoint file (weights, optimizer state, step count)" };
        Option<int?> imageSize = new("--image-size") { Description = $"Side of the square images decoded from a folder or list (default {TrainingData.DefaultImageSize}); IDX images are resized only when it is given" };
        Option<bool> grayscale = new("--grayscale") { Description = "Convert decoded images to gray (ML.NET's ConvertToGrayscale, after compositing onto --background)" };
        Option<GanPrecision> precision = new("--precision") { Description = "Arithmetic of the convolutions: Float32, BFloat16 (mixed precision) or Auto (bfloat16 on CPUs with AVX-512 BF16, else float32)", DefaultValueFactory = _ => new GanTrainer.Options().Precision };
        var command = new Command("train", "Train a conditional GAN (or --unconditional GAN) and write model.zip, sample grids and loss_curve.png")
        {
            time, epochs, steps, output, data, unconditional, loss, batch, seed, device, checkpointEvery, resume, imageSize, grayscale, precision,
        };
        ImageDecodingOptions.AddTo(command);
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
            ImageSize = parse.GetValue<int?>("--image-size"),
            Grayscale = parse.GetValue<bool>("--grayscale"),
            Precision = parse.GetValue<GanPrecision>("--precision"),
            Decoding = ImageDecodingOptions.Read(parse),
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
        public int? ImageSize;
        public bool Grayscale;
        public GanPrecision Precision;
        public ImageReadOptions Decoding = new();
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
        CheckpointDirectory = s.CheckpointEvery is null ? null : Path.Combine(s.OutputFolder, CheckpointFolderName),
        CheckpointInterval = s.CheckpointEvery ?? 500,
        ResumeFrom = s.ResumeFrom,
        Precision = s.Precision,
        Background = s.Decoding.Background,
        CancellationToken = cancellationToken,
    };

    private static int Train(CliConsole console, TrainSettings s)
    {
        Validate(s);
        ModelFiles.EnsureEngine();
        CheckDevice(s.Device);
        var ml = new MLContext(seed: s.Seed);
        using var source = TrainingData.Load(ml, s.DataPath, s.ImageSize, s.Grayscale, s.Decoding);
        foreach (var note in source.Notes)
        {
            console.Output.WriteLine(note);
        }

        if (s.Conditional && source.Data.Schema.GetColumnOrNull("Label") is null)
        {
            throw new CliUsageException($"the data has no labels ({source.Description}); add --unconditional to train a plain GAN");
        }

        Directory.CreateDirectory(s.OutputFolder);
        var options = TrainerOptions(s, console.CancellationToken);
        var view = new TrainingProgressView(console, showTotalSteps: s.Epochs is not null || s.Steps is not null);
        options.Progress = view;
        var trainer = s.Conditional ? ml.Gan().Trainers.ConditionalGan(options) : ml.Gan().Trainers.Gan(options);
        var budget = string.Join(", ", new[]
        {
            s.TimeSeconds is { } ts ? $"{ts} s" : null,
            s.Epochs is { } e ? $"{e} epochs" : null,
            s.Steps is { } st ? $"{st} steps" : null,
        }.Where(x => x is not null));
        console.Output.WriteLine($"training a {(s.Conditional ? "conditional GAN" : "GAN")} on {source.Description}; budget {budget}; output {Path.GetFullPath(s.OutputFolder)}");

        using var model = view.Run(() => trainer.Fit(source.Data));
        var modelPath = Path.Combine(s.OutputFolder, ModelFileName);
        model.Save(modelPath);
        Report(console, s, model, view, modelPath, options.CheckpointDirectory);
        return CliApp.Success;
    }

    private static void Report(CliConsole console, TrainSettings s, GanTransformer model, TrainingProgressView view, string modelPath, string? checkpoints)
    {
        var history = model.History!;
        foreach (var warning in history.Warnings.Skip(view.WarningsShown))
        {
            console.Error.WriteLine($"warning: {warning}");
        }

        var speed = history.Elapsed.TotalSeconds > 0 ? history.DiscriminatorLoss.Count * (double)s.BatchSize / history.Elapsed.TotalSeconds : 0;
        var o = console.Output;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(history.Cancelled ? "stopped early" : "done")}: {history.Steps} steps, {history.Epochs} epochs in {history.Elapsed.TotalSeconds:0} s ({speed:0} img/s, {model.Info.Precision})"));
        o.WriteLine($"  model        {Path.GetFullPath(modelPath)}");
        if (history.LossCurveFile is { } curve)
        {
            o.WriteLine($"  loss curve   {Path.GetFullPath(curve)}");
        }

        if (checkpoints is not null)
        {
            o.WriteLine($"  checkpoints  {Path.GetFullPath(checkpoints)} (continue with --resume {Path.Combine(checkpoints, "checkpoint.zip")})");
        }

        foreach (var sample in history.SampleFiles.TakeLast(3))
        {
            o.WriteLine($"  samples      {Path.GetFullPath(sample)}");
        }

        o.WriteLine($"next: mlnet-gan generate --model {modelPath}" + (s.Conditional ? " --per-class 8" : " --count 64"));
    }

    // A CUDA device that is not there is bad input, said before any data is read.
    private static void CheckDevice(string device)
    {
        try
        {
            Devices.Resolve(device);
        }
        catch (InvalidOperationException e)
        {
            throw new CliUsageException($"--device: {e.Message}");
        }
    }

    private static void Validate(TrainSettings s)
    {
        Positive(s.TimeSeconds, "--time", "a positive number of seconds");
        Positive(s.Epochs, "--epochs", "positive");
        Positive(s.Steps, "--steps", "positive");
        Positive(s.CheckpointEvery, "--checkpoint-every", "a positive number of steps");
        Positive(s.ImageSize, "--image-size", "a positive number of pixels");
        if (s.BatchSize < 2)
        {
            throw new CliUsageException($"--batch-size must be at least 2, got {s.BatchSize}");
        }

        try
        {
            Devices.CheckSyntax(s.Device);
        }
        catch (ArgumentException)
        {
            throw new CliUsageException($"--device '{s.Device}': expected cpu, cuda, cuda:N or auto");
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

    private static void Positive(long? value, string flag, string what)
    {
        if (value is <= 0)
        {
            throw new CliUsageException($"{flag} must be {what}, got {value}");
        }
    }
}
