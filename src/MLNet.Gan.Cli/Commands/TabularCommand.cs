// `mlnet-gan tabular train|generate|evaluate`: a CTGAN-style tabular GAN on a CSV file. train holds out a share of the
// rows (ML.NET's TrainTestSplit, seeded) for evaluate, shows a progress bar with ETA and writes model.zip and
// loss_curve.png; Ctrl+C stops early and the model so far is still saved.
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Imaging;
using MLNet.Gan.Tabular;
using MLNet.Gan.Training;

namespace MLNet.Gan.Cli.Commands;

/// <summary>The tabular subcommand and its train subcommand.</summary>
internal static class TabularCommand
{
    public const int DefaultTimeSeconds = 300;

    public static Command Create(CliConsole console)
    {
        var command = new Command("tabular", "Synthetic table rows: train a CTGAN-style tabular GAN on a CSV file, generate rows, evaluate them");
        command.Subcommands.Add(CreateTrain(console));
        command.Subcommands.Add(TabularGenerateCommand.Create(console));
        command.Subcommands.Add(TabularEvaluateCommand.Create(console));
        return command;
    }

    private static Command CreateTrain(CliConsole console)
    {
        Option<string?> data = new("--data") { Description = "CSV file with a header row; column types are inferred (numbers, true/false, else categories)" };
        Option<string?> label = new("--label") { Description = "The categorical column an app predicts (used by evaluate and for --where)" };
        Option<int> time = new("--time") { Description = $"Training time budget in seconds (default {DefaultTimeSeconds}; not applied when --epochs or --steps is given without --time)", DefaultValueFactory = _ => DefaultTimeSeconds };
        Option<int?> epochs = new("--epochs") { Description = "Passes over the training rows" };
        Option<long?> steps = new("--steps") { Description = "Maximum generator steps" };
        Option<string> output = new("--out") { Description = "Output folder for model.zip and loss_curve.png", DefaultValueFactory = _ => Path.Combine("runs", "tabular") };
        Option<string?> numeric = new("--numeric") { Description = "Comma-separated columns to read as numbers" };
        Option<string?> categorical = new("--categorical") { Description = "Comma-separated columns to read as categories" };
        Option<string?> ignore = new("--ignore") { Description = "Comma-separated columns to leave out (identifiers, free text)" };
        Option<double> testFraction = new("--test-fraction") { Description = "Share of rows held out for 'tabular evaluate' (0: train on all)", DefaultValueFactory = _ => 0.2 };
        Option<int> batch = new("--batch-size") { Description = "Rows per step (a multiple of 10, the discriminator's pack size)", DefaultValueFactory = _ => 500 };
        Option<int> seed = new("--seed") { Description = "Random seed of the split, mixtures, weights and batches", DefaultValueFactory = _ => 0 };
        Option<string> device = new("--device") { Description = "cpu, cuda, cuda:N or auto", DefaultValueFactory = _ => "auto" };
        Option<int?> checkpointEvery = new("--checkpoint-every") { Description = "Write OUT/checkpoints/checkpoint.zip every N steps (and at the end)" };
        Option<string?> resume = new("--resume") { Description = "Continue exactly from a checkpoint of the same data and options" };
        var command = new Command("train", "Train a tabular GAN on a CSV file and write model.zip and loss_curve.png")
        {
            data, label, time, epochs, steps, output, numeric, categorical, ignore, testFraction, batch, seed, device, checkpointEvery, resume,
        };
        command.SetAction(parse => CliApp.Guard(console, () => Train(console, parse)));
        return command;
    }

    private static int Train(CliConsole console, ParseResult parse)
    {
        var dataPath = parse.GetValue<string?>("--data") ?? throw new CliUsageException("--data is required: a CSV file with a header row");
        var outFolder = parse.GetValue<string>("--out")!;
        var epochs = parse.GetValue<int?>("--epochs");
        var steps = parse.GetValue<long?>("--steps");
        var timeGiven = parse.GetResult("--time") is OptionResult { Implicit: false };
        int? time = timeGiven || (epochs is null && steps is null) ? parse.GetValue<int>("--time") : null;
        var testFraction = parse.GetValue<double>("--test-fraction");
        var seed = parse.GetValue<int>("--seed");
        var label = parse.GetValue<string?>("--label");
        Positive(time, "--time");
        Positive(epochs, "--epochs");
        Positive(steps, "--steps");
        Positive(parse.GetValue<int?>("--checkpoint-every"), "--checkpoint-every");
        if (testFraction is < 0 or >= 1)
        {
            throw new CliUsageException($"--test-fraction must be in [0, 1), got {testFraction.ToString(CultureInfo.InvariantCulture)}");
        }

        if (File.Exists(outFolder))
        {
            throw new CliUsageException($"--out {outFolder} is a file, not a folder");
        }

        var resume = parse.GetValue<string?>("--resume");
        if (resume is not null && !File.Exists(resume))
        {
            throw new CliUsageException($"--resume: checkpoint file not found: {resume}");
        }

        var table = TabularCsv.Read(dataPath, new TabularCsvOptions
        {
            NumericColumns = List(parse.GetValue<string?>("--numeric")),
            CategoricalColumns = List(parse.GetValue<string?>("--categorical")),
            IgnoredColumns = List(parse.GetValue<string?>("--ignore")),
        });
        foreach (var warning in table.Warnings.Concat(IdentifierWarnings(table.Data, dataPath)))
        {
            console.Error.WriteLine($"warning: {warning}");
        }

        if (label is not null)
        {
            var column = table.Data.Schema.GetColumnOrNull(label)
                ?? throw new CliUsageException($"--label: {dataPath} has no column '{label}'; its columns: {string.Join(", ", table.Data.Schema.Select(c => c.Name))}");
            if (column.Type is NumberDataViewType)
            {
                throw new CliUsageException($"--label {label}: the column was read as numbers ({column.Type}); a label is a category: add --categorical {label}");
            }
        }

        ModelFiles.EnsureEngine();
        var ml = new MLContext(seed: seed);
        var training = table.Data;
        var rows = training.GetRowCount() ?? 0;
        if (testFraction > 0)
        {
            training = ml.Data.TrainTestSplit(table.Data, testFraction, seed: seed).TrainSet;
        }

        Directory.CreateDirectory(outFolder);
        var view = new TrainingProgressView(console, showTotalSteps: epochs is not null || steps is not null, unit: "rows/s");
        var options = new TabularGanTrainer.Options
        {
            LabelColumnName = label,
            Epochs = epochs,
            MaxSteps = steps,
            TimeBudget = time is { } t ? TimeSpan.FromSeconds(t) : null,
            BatchSize = parse.GetValue<int>("--batch-size"),
            Seed = seed,
            Device = parse.GetValue<string>("--device")!,
            CheckpointDirectory = parse.GetValue<int?>("--checkpoint-every") is null ? null : Path.Combine(outFolder, "checkpoints"),
            CheckpointInterval = parse.GetValue<int?>("--checkpoint-every") ?? 500,
            ResumeFrom = resume,
            Progress = view,
            CancellationToken = console.CancellationToken,
        };
        var trainer = ml.Gan().Trainers.TabularGan(options);
        var budget = string.Join(", ", new[] { time is { } ts ? $"{ts} s" : null, epochs is { } e ? $"{e} epochs" : null, steps is { } st ? $"{st} steps" : null }.Where(x => x is not null));
        console.Output.WriteLine($"training a tabular GAN on {dataPath} ({rows} rows, {table.Data.Schema.Count} columns; {(testFraction > 0 ? $"{testFraction:P0} held out for evaluate" : "all rows")}); budget {budget}; output {Path.GetFullPath(outFolder)}");
        using var model = view.Run(() => trainer.Fit(training));
        model.Info.HeldOutFraction = testFraction;
        model.Info.SplitSeed = seed;
        var modelPath = Path.Combine(outFolder, TrainCommand.ModelFileName);
        model.Save(modelPath);
        var history = model.History!;
        var curve = Path.Combine(outFolder, "loss_curve.png");
        LossCurvePlot.Write(curve, history, title: "tabular GAN: critic (WGAN-GP) and generator losses");
        console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(history.Cancelled ? "stopped early" : "done")}: {history.Steps} steps, {history.Epochs} epochs in {history.Elapsed.TotalSeconds:0} s"));
        console.Output.WriteLine($"  model        {Path.GetFullPath(modelPath)}");
        console.Output.WriteLine($"  loss curve   {Path.GetFullPath(curve)}");
        if (options.CheckpointDirectory is { } checkpoints)
        {
            console.Output.WriteLine($"  checkpoints  {Path.GetFullPath(checkpoints)} (continue with --resume {Path.Combine(checkpoints, "checkpoint.zip")})");
        }

        console.Output.WriteLine($"next: mlnet-gan tabular generate --model {modelPath} --count 1000 --out synthetic.csv");
        return CliApp.Success;
    }

    /// <summary>Splits a comma-separated list of column names.</summary>
    internal static string[] List(string? value) =>
        value is null ? Array.Empty<string>() : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // Whole-number columns with a distinct value in every row look like row identifiers, which a GAN should not learn.
    private static IEnumerable<string> IdentifierWarnings(IDataView data, string path)
    {
        foreach (var column in data.Schema.Where(c => c.Type == NumberDataViewType.Int32))
        {
            var values = data.GetColumn<int>(column).ToArray();
            if (values.Length > 20 && values.Distinct().Count() == values.Length)
            {
                yield return $"{path}: column '{column.Name}' has a different whole number in every row, like an identifier; leave it out with --ignore {column.Name} unless it is a measurement";
            }
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
