// `mlnet-gan colorize train|apply|evaluate`: trains a pix2pix colorizer on a folder of color images (the emoji by
// default) and writes model.zip, samples.png and loss_curve.png; applies a model to gray image files of any size.
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Colorization;
using MLNet.Gan.Imaging;
using MLNet.Gan.Training;

namespace MLNet.Gan.Cli.Commands;

/// <summary>The colorize command and its train and apply subcommands.</summary>
internal static class ColorizeCommand
{
    public const int DefaultTimeSeconds = 240;
    private const int SampleCount = 16;

    public static Command Create(CliConsole console)
    {
        var command = new Command("colorize", "Grayscale to color: train a pix2pix colorizer, apply it to gray images, evaluate it against L1 only and gray");
        command.Subcommands.Add(CreateTrain(console));
        command.Subcommands.Add(CreateApply(console));
        command.Subcommands.Add(ColorizeEvaluateCommand.Create(console));
        return command;
    }

    /// <summary>The options train and evaluate share: data, budget, networks and losses.</summary>
    internal static Option[] TrainingOptions() =>
    [
        new Option<string?>("--data") { Description = $"Folder of color images (any sub-folders; transparent ones are composited on --background); default {ColorizeFiles.DefaultDataFolder}" },
        new Option<int>("--time") { Description = $"Training time budget in seconds per model (default {DefaultTimeSeconds}; not applied when --epochs or --steps is given without --time)", DefaultValueFactory = _ => DefaultTimeSeconds },
        new Option<int?>("--epochs") { Description = "Passes over the data" },
        new Option<long?>("--steps") { Description = "Maximum training steps" },
        new Option<GanLoss>("--loss") { Description = "Adversarial loss", DefaultValueFactory = _ => GanLoss.NonSaturating },
        new Option<double>("--l1-weight") { Description = "Weight of the L1 loss (pix2pix: 100)", DefaultValueFactory = _ => 100 },
        new Option<int>("--image-size") { Description = "Side of the square images the networks train on (smaller images are skipped)", DefaultValueFactory = _ => 64 },
        new Option<int>("--width") { Description = "Channels of the U-Net's first level (and of the PatchGAN's)", DefaultValueFactory = _ => 32 },
        new Option<int>("--batch-size") { Description = "Images per step", DefaultValueFactory = _ => 16 },
        new Option<int>("--seed") { Description = "Random seed of weights and batches", DefaultValueFactory = _ => 0 },
        new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto", DefaultValueFactory = _ => "auto" },
        new Option<GanPrecision>("--precision") { Description = "Arithmetic of the convolutions: Float32, BFloat16 (mixed precision) or Auto (bfloat16 on CPUs with AVX-512 BF16, else float32)", DefaultValueFactory = _ => new ColorizerTrainer.Options().Precision },
        .. ImageDecodingOptions.Create(),
    ];

    /// <summary>Trainer options from a parsed train or evaluate command line.</summary>
    internal static ColorizerTrainer.Options ReadOptions(ParseResult parse, CancellationToken cancellationToken)
    {
        var timeGiven = parse.GetResult("--time") is OptionResult { Implicit: false };
        var epochs = parse.GetValue<int?>("--epochs");
        var steps = parse.GetValue<long?>("--steps");
        var time = timeGiven || (epochs is null && steps is null) ? parse.GetValue<int>("--time") : (int?)null;
        Positive(time, "--time");
        Positive(epochs, "--epochs");
        Positive(steps, "--steps");
        var o = new ColorizerTrainer.Options
        {
            TimeBudget = time is { } t ? TimeSpan.FromSeconds(t) : null,
            Epochs = epochs,
            MaxSteps = steps,
            Loss = parse.GetValue<GanLoss>("--loss"),
            L1Weight = parse.GetValue<double>("--l1-weight"),
            ImageSize = parse.GetValue<int>("--image-size"),
            Width = parse.GetValue<int>("--width"),
            DiscriminatorWidth = parse.GetValue<int>("--width"),
            BatchSize = parse.GetValue<int>("--batch-size"),
            Seed = parse.GetValue<int>("--seed"),
            Device = parse.GetValue<string>("--device")!,
            Precision = parse.GetValue<GanPrecision>("--precision"),
            CancellationToken = cancellationToken,
        };
        try
        {
            _ = new ColorizerTrainer(new MLContext(), o); // the trainer's own checks, before any data is read
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(CliApp.OneLine(e.Message.Split(" (Parameter")[0]));
        }

        return o;
    }

    /// <summary>Trains one colorizer with a progress bar; <paramref name="what"/> names it in the first line.</summary>
    internal static ColorizerTransformer Train(CliConsole console, MLContext ml, ColorizerTrainer.Options o, IDataView data, int rows, string what)
    {
        var budget = string.Join(", ", new[]
        {
            o.TimeBudget is { } t ? $"{t.TotalSeconds:0} s" : null,
            o.Epochs is { } e ? $"{e} epochs" : null,
            o.MaxSteps is { } s ? $"{s} steps" : null,
        }.Where(x => x is not null));
        console.Output.WriteLine($"training {what} on {rows} images; budget {budget}");
        var view = new TrainingProgressView(console, showTotalSteps: o.Epochs is not null || o.MaxSteps is not null);
        o.Progress = view;
        var model = view.Run(() => ml.Gan().Colorizers.Colorizer(o).Fit(data));
        var h = model.History!;
        foreach (var warning in h.Warnings)
        {
            console.Error.WriteLine($"warning: {warning}");
        }

        console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(h.Cancelled ? "stopped early" : "done")}: {h.Steps} steps, {h.Epochs} epochs in {h.Elapsed.TotalSeconds:0} s"));
        return model;
    }

    private static Command CreateTrain(CliConsole console)
    {
        Option<string> output = new("--out") { Description = "Output folder for model.zip, samples.png and loss_curve.png", DefaultValueFactory = _ => Path.Combine("runs", "colorizer") };
        Option<bool> l1Only = new("--l1-only") { Description = "Train the U-Net with the L1 loss alone (no PatchGAN)" };
        Option<int?> checkpointEvery = new("--checkpoint-every") { Description = "Write OUT/checkpoints/checkpoint.zip (a loadable model) every N steps" };
        var command = new Command("train", "Train a pix2pix colorizer on color images and write model.zip, samples.png and loss_curve.png") { output, l1Only, checkpointEvery };
        foreach (var option in TrainingOptions())
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CliApp.Guard(console, () =>
        {
            var o = ReadOptions(parse, console.CancellationToken);
            o.L1Only = parse.GetValue<bool>("--l1-only");
            var outDir = parse.GetValue<string>("--out")!;
            if (parse.GetValue<int?>("--checkpoint-every") is { } every)
            {
                Positive(every, "--checkpoint-every");
                o.CheckpointDirectory = Path.Combine(outDir, "checkpoints");
                o.CheckpointInterval = every;
            }

            return RunTrain(console, parse.GetValue<string?>("--data"), ImageDecodingOptions.Read(parse), outDir, o);
        }));
        return command;
    }

    private static int RunTrain(CliConsole console, string? dataFolder, ImageReadOptions decoding, string outDir, ColorizerTrainer.Options o)
    {
        ModelFiles.EnsureEngine();
        var notes = new List<string>();
        using var images = ColorizeFiles.LoadColorImages(dataFolder, o.ImageSize, decoding, notes);
        notes.ForEach(console.Output.WriteLine);
        Directory.CreateDirectory(outDir);
        var ml = new MLContext(seed: o.Seed);
        using var model = Train(console, ml, o, images.ToDataView(), images.Images.Count, o.L1Only ? "an L1-only colorizer" : "a pix2pix colorizer");
        var modelPath = Path.Combine(outDir, "model.zip");
        model.Save(modelPath);
        var curve = Path.Combine(outDir, "loss_curve.png");
        LossCurvePlot.Write(curve, model.History!, title: $"colorizer: {model.History!.Steps} steps, {model.History.Elapsed.TotalSeconds:0} s");
        var truth = images.Images.Take(SampleCount).ToList();
        var gray = truth.Select(ColorizeFiles.Gray).ToList();
        var colored = gray.Select(model.Colorize).ToList();
        var samples = Path.Combine(outDir, "samples.png");
        ColorizeFiles.SaveRows(samples, [("gray", gray), ("colorized", colored), ("truth", truth)], scale: 2);
        console.Output.WriteLine($"  model        {Path.GetFullPath(modelPath)}");
        console.Output.WriteLine($"  loss curve   {Path.GetFullPath(curve)}");
        console.Output.WriteLine($"  samples      {Path.GetFullPath(samples)} (first {truth.Count} training images: gray, colorized, truth)");
        console.Output.WriteLine($"next: mlnet-gan colorize apply --model {modelPath} IN OUT");
        return CliApp.Success;
    }

    private static Command CreateApply(CliConsole console)
    {
        Option<string?> model = new("--model") { Description = "A model.zip written by 'mlnet-gan colorize train'" };
        Argument<string> input = new("IN") { Description = "A gray image file, or a folder of them (1 or 3 channels, any size; transparent ones are composited on --background)" };
        Argument<string> output = new("OUT") { Description = "The color PNG to write, or a folder for them (same names, .png)" };
        var command = new Command("apply", "Colorize gray images with a trained colorizer") { model, input, output };
        ImageDecodingOptions.AddTo(command);
        command.SetAction(parse => CliApp.Guard(console, () =>
            Apply(console, parse.GetValue<string?>("--model"), parse.GetValue<string>("IN")!, parse.GetValue<string>("OUT")!, ImageDecodingOptions.Read(parse))));
        return command;
    }

    private static int Apply(CliConsole console, string? modelPath, string input, string output, ImageReadOptions decoding)
    {
        using var model = LoadModel(modelPath);
        var single = File.Exists(input);
        if (!single && !Directory.Exists(input))
        {
            throw new CliUsageException($"IN: no such file or folder: {input}");
        }

        var listing = single ? null : Data.ImageFolderListing.Scan(input, useFolderNameAsLabel: false);
        var files = listing is null ? [Path.GetFullPath(input)] : listing.ImagePaths.ToList();
        var root = listing?.Folder ?? Path.GetDirectoryName(Path.GetFullPath(input))!;
        var skipped = (listing?.SkippedFiles ?? []).Select(s => $"{Path.GetRelativePath(root, s.Path)} ({s.Reason})").ToList();
        var written = 0;
        foreach (var file in files)
        {
            MLImage opaque;
            try
            {
                opaque = ImageFileReader.Read(file, decoding);
            }
            catch (ImageFileException e) when (!single)
            {
                skipped.Add($"{Path.GetRelativePath(root, file)} ({e.Detail})");
                continue;
            }

            using (opaque)
            using (var color = model.Colorize(opaque))
            {
                var target = single && !Directory.Exists(output) ? output : Path.Combine(output, Path.ChangeExtension(Path.GetRelativePath(root, file), ".png"));
                SampleGrid.SavePng(color, target);
            }

            written++;
        }

        if (written == 0)
        {
            throw new CliUsageException(ColorizeFiles.Named($"IN: no image could be colorized; skipped {skipped.Count} file(s)", skipped));
        }

        console.Output.WriteLine($"colorized {written} image(s) into {Path.GetFullPath(output)}");
        if (skipped.Count > 0)
        {
            console.Error.WriteLine(ColorizeFiles.Named($"skipped {skipped.Count} file(s)", skipped));
        }

        return CliApp.Success;
    }

    /// <summary>The colorizer in <paramref name="path"/>, or one error line saying why not.</summary>
    internal static ColorizerTransformer LoadModel(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new CliUsageException("--model is required: the model.zip written by 'mlnet-gan colorize train'");
        }

        if (!File.Exists(path))
        {
            throw new CliUsageException($"--model: file not found: {path}");
        }

        ModelFiles.EnsureEngine();
        try
        {
            return ColorizerTransformer.Load(new MLContext(), path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException)
        {
            throw new CliUsageException($"--model: {path} is not a colorizer model file: {CliApp.OneLine(e.Message)}");
        }
    }

    private static void Positive(long? value, string flag)
    {
        if (value is <= 0)
        {
            throw new CliUsageException($"{flag} must be positive, got {value}");
        }
    }
}
