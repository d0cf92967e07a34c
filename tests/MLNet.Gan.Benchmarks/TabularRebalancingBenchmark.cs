// Rebalancing a rare class with synthetic rows: on a real table (Lending Club loans, 5 % "bad"), does adding generated
// rows of the rare class to the training rows raise an ML.NET trainer's macro-F1 on real held-out rows? Compared with
// training on the real rows alone and with duplicating the real rare rows as many times (random oversampling), per seed.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Runtime;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Benchmarks;

public sealed class TabularRebalancingBenchmark : IBenchmarkSuite
{
    public string Name => "tabular-rebalance";

    public string Description =>
        "macro-F1 on real held-out rows of LightGbm/FastTree/SDCA trained on real rows, + synthetic rare-class rows, + duplicated rare rows " +
        "(--data=CSV lending_club.csv, --label=Class, --rare=bad, --seeds=0,1,2, --steps=1500 GAN steps, --multiple=3 extra rare rows per real rare row)";

    public void Run(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        var path = BenchmarkArgs.String(args, "--data") ?? "/usr/share/datasets/tables/lending_club.csv";
        var labelName = BenchmarkArgs.String(args, "--label") ?? "Class";
        var rare = BenchmarkArgs.String(args, "--rare") ?? "bad";
        var seeds = BenchmarkArgs.Ints(args, "--seeds", [0, 1, 2]);
        var steps = BenchmarkArgs.Int(args, "--steps", 1500);
        var multiple = BenchmarkArgs.Int(args, "--multiple", 3);
        var data = TabularCsv.Read(path).Data;
        Console.WriteLine($"{path}: label {labelName}, rare class '{rare}'; tabular GAN {steps} steps per seed; {multiple} extra rare rows per real rare row");
        Console.WriteLine("| seed | trainer | real rows | + synthetic rare rows | + duplicated rare rows |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: |");
        var results = new List<(EfficacyTrainer Trainer, double Real, double Synthetic, double Duplicated)>();
        foreach (var seed in seeds)
        {
            var ml = new MLContext(seed);
            var split = ml.Data.TrainTestSplit(data, 0.2, seed: seed);
            var options = new TabularGanTrainer.Options { LabelColumnName = labelName, MaxSteps = steps, Seed = seed };
            using var gan = ml.Gan().Trainers.TabularGan(options).Fit(split.TrainSet);
            var label = gan.Info.Columns.Single(c => c.Name == labelName);
            var features = gan.Info.Columns.Where(c => c.Name != labelName).ToList();
            var withLabel = ml.Transforms.CopyColumns(LabelRow.Column, labelName).Fit(split.TrainSet).Transform(split.TrainSet);
            var rareOnly = ml.Data.FilterByCustomPredicate<LabelRow>(withLabel, r => r.Label != rare);
            var rareRows = ml.Transforms.DropColumns(LabelRow.Column).Fit(rareOnly).Transform(rareOnly);
            var rareCount = ml.Data.CreateEnumerable<LabelRow>(rareOnly, reuseRowObject: false).Count();
            var synthetic = gan.AppendSyntheticRows(split.TrainSet, multiple * rareCount, (labelName, rare), seed);
            IDataView duplicated = split.TrainSet;
            for (var m = 0; m < multiple; m++)
            {
                duplicated = new AppendedRowsDataView(duplicated, rareRows);
            }

            foreach (var trainer in new[] { EfficacyTrainer.LightGbm, EfficacyTrainer.FastTree, EfficacyTrainer.Sdca })
            {
                double F1(IDataView training) => MachineLearningEfficacy.Score(ml, trainer, training, split.TestSet, label, features, split.TrainSet).MacroF1;
                var row = (trainer, F1(split.TrainSet), F1(synthetic), F1(duplicated));
                results.Add(row);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {seed} | {trainer} | {row.Item2:0.000} | {row.Item3:0.000} | {row.Item4:0.000} |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| trainer | real rows | + synthetic rare rows | + duplicated rare rows | synthetic better than real in |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var group in results.GroupBy(r => r.Trainer))
        {
            var g = group.ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {Summary(g.Select(r => r.Real))} | {Summary(g.Select(r => r.Synthetic))} | {Summary(g.Select(r => r.Duplicated))} | {g.Count(r => r.Synthetic > r.Real)} of {g.Count} seeds |"));
        }
    }

    // "0.612 ± 0.010": mean and sample standard deviation.
    private static string Summary(IEnumerable<double> values)
    {
        var v = values.ToArray();
        var mean = v.Average();
        var sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{mean:0.000} ± {sd:0.000}");
    }

    // FilterByCustomPredicate drops the rows for which the predicate is true; it reads the label through a copy of fixed name.
    private sealed class LabelRow
    {
        public const string Column = "RebalanceLabel";

        [ColumnName(Column)]
        public string Label { get; set; } = string.Empty;
    }
}
