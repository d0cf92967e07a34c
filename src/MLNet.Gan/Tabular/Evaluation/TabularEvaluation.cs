// Scores a tabular GAN against real data: machine-learning efficacy, per-column similarity, pairwise associations and
// distances to the closest training row, each beside what real held-out rows give, with Markdown tables of all four.
using System.Globalization;
using System.Text;
using Microsoft.ML;

namespace MLNet.Gan.Tabular;

/// <summary>Options of <see cref="TabularEvaluation.Evaluate"/>.</summary>
public sealed class TabularEvaluationOptions
{
    /// <summary>The label column of the efficacy check (a categorical column of the model). Default null: the model's own label column; no efficacy check when it has none.</summary>
    public string? LabelColumnName;

    /// <summary>Synthetic rows generated. Default null: as many as the training rows.</summary>
    public int? SyntheticRows;

    /// <summary>The ML.NET trainers of the efficacy check. Default LightGbm, FastTree and SDCA.</summary>
    public EfficacyTrainer[] Trainers = { EfficacyTrainer.LightGbm, EfficacyTrainer.FastTree, EfficacyTrainer.Sdca };

    /// <summary>Synthetic and held-out rows whose distance to the closest training row is measured (at most). Default 2000.</summary>
    public int DistanceRows = 2000;

    /// <summary>Seed of the synthetic rows. Default 0.</summary>
    public int Seed;

    /// <summary>Receives a line as each part starts.</summary>
    public IProgress<string>? Progress;
}

/// <summary>What <see cref="Evaluate"/> found.</summary>
/// <param name="Label">The efficacy check's label column, or null when there was none.</param>
/// <param name="TrainingRows">Real training rows.</param>
/// <param name="HeldOutRows">Real held-out rows.</param>
/// <param name="SyntheticRows">Synthetic rows.</param>
/// <param name="Efficacy">Per trainer: scores on held-out rows when trained on real and on synthetic rows.</param>
/// <param name="Columns">Per column: Kolmogorov-Smirnov or total variation distance to the training rows.</param>
/// <param name="Pairs">Per pair of columns: the association in training, synthetic and held-out rows.</param>
/// <param name="SyntheticDistances">Distances of synthetic rows to their nearest training row.</param>
/// <param name="HeldOutDistances">Distances of held-out real rows to their nearest training row.</param>
public sealed record TabularEvaluation(string? Label, int TrainingRows, int HeldOutRows, int SyntheticRows, IReadOnlyList<EfficacyScore> Efficacy,
    IReadOnlyList<ColumnSimilarity> Columns, IReadOnlyList<PairAssociation> Pairs, NearestRowSummary SyntheticDistances, NearestRowSummary HeldOutDistances)
{
    /// <summary>
    /// Evaluates <paramref name="model"/>: synthetic rows against <paramref name="training"/> (the rows it learned from) and
    /// <paramref name="heldOut"/> (real rows it never saw), which must have the model's columns.
    /// </summary>
    public static TabularEvaluation Evaluate(MLContext ml, TabularGanTransformer model, IDataView training, IDataView heldOut, TabularEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(heldOut);
        options ??= new TabularEvaluationOptions();
        var columns = model.Info.Columns;
        var trainTable = TabularTable.Read(training, columns);
        var heldOutTable = TabularTable.Read(heldOut, columns);
        var count = options.SyntheticRows ?? trainTable.Rows;
        options.Progress?.Report($"generating {count} synthetic rows");
        var synthetic = model.Generate(count, options.Seed);
        var syntheticTable = TabularTable.Read(synthetic, columns);

        var efficacy = new List<EfficacyScore>();
        var labelName = options.LabelColumnName ?? model.Info.LabelColumnName;
        if (labelName is not null)
        {
            var label = columns.FirstOrDefault(c => c.Name == labelName && c.Kind == TabularColumnKind.Categorical)
                ?? throw new ArgumentException($"label column '{labelName}' is not a categorical column of the model; its categorical columns: {string.Join(", ", model.Info.CategoricalColumns.Select(c => c.Name))}", nameof(options));
            var features = columns.Where(c => c.Name != labelName).ToList();
            foreach (var trainer in options.Trainers)
            {
                options.Progress?.Report($"efficacy: {trainer} on real rows, then on synthetic rows");
                var real = MachineLearningEfficacy.Score(ml, trainer, training, heldOut, label, features, training);
                var fake = MachineLearningEfficacy.Score(ml, trainer, synthetic, heldOut, label, features, training);
                efficacy.Add(new EfficacyScore(trainer, real.Accuracy, real.MacroF1, fake.Accuracy, fake.MacroF1));
            }
        }

        options.Progress?.Report("column similarity and pairwise associations");
        var similarity = TabularSimilarity.Columns(trainTable, syntheticTable, heldOutTable);
        var pairs = TabularSimilarity.Pairs(trainTable, syntheticTable, heldOutTable);
        options.Progress?.Report("distances to the closest training row");
        var random = new Random(options.Seed);
        var syntheticDistances = NearestRowDistance.Distances(trainTable, Sample(syntheticTable, options.DistanceRows, random));
        var heldOutDistances = NearestRowDistance.Distances(trainTable, Sample(heldOutTable, options.DistanceRows, random));
        return new TabularEvaluation(labelName, trainTable.Rows, heldOutTable.Rows, count, efficacy, similarity, pairs,
            NearestRowDistance.Summarise(syntheticDistances), NearestRowDistance.Summarise(heldOutDistances));
    }

    /// <summary>Mean of the absolute differences between the synthetic and training associations (per measure, or all when null).</summary>
    public double MeanAssociationGap(string? measure = null) => Gap(measure, p => p.Synthetic);

    /// <summary>The same mean for the held-out rows: the gap that sampling alone gives.</summary>
    public double MeanHeldOutAssociationGap(string? measure = null) => Gap(measure, p => p.HeldOut);

    /// <summary>The four tables in Markdown: efficacy, column similarity, pairwise associations, nearest-row distances.</summary>
    public string ToMarkdown()
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.AppendLine(c, $"{TrainingRows} training rows, {HeldOutRows} held-out rows, {SyntheticRows} synthetic rows.");
        s.AppendLine();
        if (Efficacy.Count > 0)
        {
            s.AppendLine(c, $"Machine-learning efficacy (label `{Label}`, scored on the held-out real rows):");
            s.AppendLine();
            s.AppendLine("| trainer | accuracy, trained on real | accuracy, trained on synthetic | macro-F1, real | macro-F1, synthetic |");
            s.AppendLine("|---|---:|---:|---:|---:|");
            foreach (var e in Efficacy)
            {
                s.AppendLine(c, $"| {e.Trainer} | {e.RealAccuracy:0.000} | {e.SyntheticAccuracy:0.000} | {e.RealMacroF1:0.000} | {e.SyntheticMacroF1:0.000} |");
            }

            s.AppendLine();
        }

        s.AppendLine("Column similarity to the training rows (Kolmogorov-Smirnov statistic for numbers, total variation distance for categories; 0 is identical):");
        s.AppendLine();
        s.AppendLine("| column | kind | synthetic | held-out real | missing, training | missing, synthetic |");
        s.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var col in Columns)
        {
            s.AppendLine(c, $"| {col.Column} | {(col.Kind == TabularColumnKind.Numeric ? "KS" : "TVD")} | {col.Synthetic:0.000} | {col.HeldOut:0.000} | {col.MissingTraining:0.0%} | {col.MissingSynthetic:0.0%} |");
        }

        s.AppendLine(c, $"| **mean** | | **{Columns.Average(x => x.Synthetic):0.000}** | **{Columns.Average(x => x.HeldOut):0.000}** | | |");
        s.AppendLine();
        s.AppendLine("Pairwise associations, mean absolute difference from the training rows' (Pearson for numeric pairs, Cramér's V for categorical pairs, the correlation ratio for mixed pairs):");
        s.AppendLine();
        s.AppendLine("| pairs | count | synthetic | held-out real |");
        s.AppendLine("|---|---:|---:|---:|");
        foreach (var measure in new[] { "Pearson", "Cramér's V", "correlation ratio", null })
        {
            var n = Pairs.Count(p => measure is null || p.Measure == measure);
            if (n > 0)
            {
                s.AppendLine(c, $"| {measure ?? "all"} | {n} | {MeanAssociationGap(measure):0.000} | {MeanHeldOutAssociationGap(measure):0.000} |");
            }
        }

        s.AppendLine();
        s.AppendLine("Distance to the closest training row (numbers scaled to the training range, a differing category counts 1):");
        s.AppendLine();
        s.AppendLine("| rows | measured | median | 5th percentile | exact copies |");
        s.AppendLine("|---|---:|---:|---:|---:|");
        s.AppendLine(c, $"| synthetic | {SyntheticDistances.Rows} | {SyntheticDistances.Median:0.000} | {SyntheticDistances.Percentile5:0.000} | {SyntheticDistances.ExactCopies:0.0%} |");
        s.AppendLine(c, $"| held-out real | {HeldOutDistances.Rows} | {HeldOutDistances.Median:0.000} | {HeldOutDistances.Percentile5:0.000} | {HeldOutDistances.ExactCopies:0.0%} |");
        return s.ToString();
    }

    private double Gap(string? measure, Func<PairAssociation, double> side)
    {
        var pairs = Pairs.Where(p => measure is null || p.Measure == measure).ToList();
        return pairs.Count == 0 ? double.NaN : pairs.Average(p => Math.Abs(side(p) - p.Training));
    }

    // At most max rows of the table, drawn without replacement (all of them when there are fewer).
    private static TabularTable Sample(TabularTable table, int max, Random random)
    {
        if (table.Rows <= max)
        {
            return table;
        }

        var pick = Enumerable.Range(0, table.Rows).OrderBy(_ => random.Next()).Take(max).Order().ToArray();
        return table.Subset(pick);
    }
}
