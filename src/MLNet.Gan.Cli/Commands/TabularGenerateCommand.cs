// `mlnet-gan tabular generate` (rows from a tabular model into a CSV file, written atomically, optionally all of one
// category) and `mlnet-gan tabular evaluate` (efficacy, similarity, associations and nearest-row distances on the rows
// train held out).
using System.CommandLine;
using Microsoft.ML;
using MLNet.Gan.IO;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Cli.Commands;

/// <summary>The tabular generate subcommand.</summary>
internal static class TabularGenerateCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string?> model = new("--model") { Description = "The model.zip written by 'mlnet-gan tabular train'" };
        Option<int> count = new("--count") { Description = "Rows to generate", DefaultValueFactory = _ => 1000 };
        Option<string> output = new("--out") { Description = "The CSV file to write (replaced atomically)", DefaultValueFactory = _ => "synthetic.csv" };
        Option<string?> where = new("--where") { Description = "COLUMN=VALUE: only rows with that category (the generator is conditioned on it)" };
        Option<int> seed = new("--seed") { Description = "Seed of the rows", DefaultValueFactory = _ => 0 };
        var command = new Command("generate", "Generate rows from a tabular model into a CSV file") { model, count, output, where, seed };
        command.SetAction(parse => CliApp.Guard(console, () =>
        {
            var n = parse.GetValue<int>("--count");
            if (n <= 0)
            {
                throw new CliUsageException($"--count must be positive, got {n}");
            }

            var path = parse.GetValue<string>("--out")!;
            if (Directory.Exists(path))
            {
                throw new CliUsageException($"--out {path} is a folder; give the CSV file to write");
            }

            var condition = Condition(parse.GetValue<string?>("--where"));
            using var gan = Load(parse.GetValue<string?>("--model"));
            var rows = condition is { } c ? gan.Generate(n, c, parse.GetValue<int>("--seed")) : gan.Generate(n, parse.GetValue<int>("--seed"));
            TabularCsv.Write(rows, path);
            console.Output.WriteLine($"wrote {n} rows of {gan.Info.Columns.Length} columns{(condition is { } w ? $" with {w.Column} = {w.Value}" : string.Empty)} to {Path.GetFullPath(path)}");
            return CliApp.Success;
        }));
        return command;
    }

    /// <summary>The tabular GAN in <paramref name="path"/>, with errors that say what the file is instead.</summary>
    internal static TabularGanTransformer Load(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new CliUsageException("--model is required: the model.zip written by 'mlnet-gan tabular train'");
        }

        if (!File.Exists(path))
        {
            throw new CliUsageException($"--model: file not found: {path}");
        }

        ModelFiles.EnsureEngine();
        ITransformer loaded;
        try
        {
            loaded = new MLContext().Model.LoadWithGan(path, out _);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException or KeyNotFoundException or FormatException)
        {
            throw new CliUsageException($"--model: {path} is not a readable model file: {CliApp.OneLine(e.Message)}");
        }

        if (loaded is TabularGanTransformer tabular)
        {
            return tabular;
        }

        (loaded as IDisposable)?.Dispose();
        throw new CliUsageException($"--model: {path} is not a tabular model (it holds {string.Join(", ", GanModelFile.Flatten(loaded).Select(t => t.GetType().Name))}); train one with 'mlnet-gan tabular train'");
    }

    // "COLUMN=VALUE" into its two parts.
    private static (string Column, string Value)? Condition(string? where)
    {
        if (where is null)
        {
            return null;
        }

        var at = where.IndexOf('=', StringComparison.Ordinal);
        if (at <= 0)
        {
            throw new CliUsageException($"--where '{where}': expected COLUMN=VALUE, e.g. --where Class=bad");
        }

        return (where[..at].Trim(), where[(at + 1)..].Trim());
    }
}

/// <summary>The tabular evaluate subcommand.</summary>
internal static class TabularEvaluateCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string?> model = new("--model") { Description = "The model.zip written by 'mlnet-gan tabular train'" };
        Option<string?> data = new("--data") { Description = "The CSV file the model was trained on (split again into the same training and held-out rows)" };
        Option<string?> label = new("--label") { Description = "The label column of the efficacy check (default: the one given to train)" };
        Option<int?> rows = new("--rows") { Description = "Synthetic rows to generate (default: as many as the training rows)" };
        Option<string?> report = new("--report") { Description = "Also write the tables to this Markdown file" };
        Option<int> seed = new("--seed") { Description = "Seed of the synthetic rows", DefaultValueFactory = _ => 0 };
        var command = new Command("evaluate", "Score a tabular model: efficacy of ML.NET trainers trained on synthetic rows, column similarity, associations, distances to the closest training row")
        {
            model, data, label, rows, report, seed,
        };
        command.SetAction(parse => CliApp.Guard(console, () =>
        {
            var dataPath = parse.GetValue<string?>("--data") ?? throw new CliUsageException("--data is required: the CSV file the model was trained on");
            using var gan = TabularGenerateCommand.Load(parse.GetValue<string?>("--model"));
            if (gan.Info.HeldOutFraction <= 0)
            {
                throw new CliUsageException("the model was trained on all rows (--test-fraction 0): there are no held-out rows to evaluate it on");
            }

            var types = gan.GeneratedSchema.ToDictionary(c => c.Name, c => c.Type);
            // The model's own column types, so the rows read exactly as they were trained on.
            var table = TabularCsv.Read(dataPath, new TabularCsvOptions { ColumnTypes = types }).Data;
            var extra = table.Schema.Select(c => c.Name).Except(types.Keys).ToArray();
            if (extra.Length > 0)
            {
                table = new MLContext().Transforms.DropColumns(extra).Fit(table).Transform(table);
            }

            var ml = new MLContext(seed: gan.Info.SplitSeed);
            var split = ml.Data.TrainTestSplit(table, gan.Info.HeldOutFraction, seed: gan.Info.SplitSeed);
            long trainingRows = 0;
            using (var cursor = split.TrainSet.GetRowCursor(Array.Empty<Microsoft.ML.DataViewSchema.Column>()))
            {
                while (cursor.MoveNext())
                {
                    trainingRows++;
                }
            }

            if (trainingRows != gan.Info.TrainingRows)
            {
                console.Error.WriteLine($"warning: {dataPath} splits into {trainingRows} training rows but the model was trained on {gan.Info.TrainingRows}: is it the same file?");
            }

            var evaluation = ml.Gan().EvaluateTabular(gan, split.TrainSet, split.TestSet, new TabularEvaluationOptions
            {
                LabelColumnName = parse.GetValue<string?>("--label"),
                SyntheticRows = parse.GetValue<int?>("--rows"),
                Seed = parse.GetValue<int>("--seed"),
                Progress = new Progress<string>(line => console.Error.WriteLine($"... {line}")),
            });
            var markdown = evaluation.ToMarkdown();
            console.Output.WriteLine(markdown);
            if (parse.GetValue<string?>("--report") is { } path)
            {
                AtomicFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(markdown));
                console.Output.WriteLine($"report: {Path.GetFullPath(path)}");
            }

            return CliApp.Success;
        }));
        return command;
    }
}
