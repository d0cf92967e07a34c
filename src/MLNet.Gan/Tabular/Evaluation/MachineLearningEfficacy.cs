// Machine-learning efficacy: ML.NET trainers (LightGbm, FastTree, SDCA) trained on real rows and on synthetic rows alone,
// each scored on the same real held-out rows (accuracy and macro-F1): synthetic rows are useful when the second score
// comes near the first.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace MLNet.Gan.Tabular;

/// <summary>ML.NET trainers the efficacy check trains.</summary>
public enum EfficacyTrainer
{
    /// <summary>LightGBM multiclass (Microsoft.ML.LightGbm).</summary>
    LightGbm,

    /// <summary>FastTree boosted trees, one versus all (Microsoft.ML.FastTree).</summary>
    FastTree,

    /// <summary>SDCA maximum entropy on min-max normalised features.</summary>
    Sdca,
}

/// <summary>One trainer's scores on the real held-out rows, trained on real rows and on synthetic rows.</summary>
/// <param name="Trainer">The ML.NET trainer.</param>
/// <param name="RealAccuracy">Accuracy when trained on the real training rows.</param>
/// <param name="RealMacroF1">Macro-F1 (mean over the held-out classes of per-class F1) when trained on real rows.</param>
/// <param name="SyntheticAccuracy">Accuracy when trained on synthetic rows only.</param>
/// <param name="SyntheticMacroF1">Macro-F1 when trained on synthetic rows only.</param>
public sealed record EfficacyScore(EfficacyTrainer Trainer, double RealAccuracy, double RealMacroF1, double SyntheticAccuracy, double SyntheticMacroF1);

/// <summary>Trains ML.NET classifiers on a table and scores them on held-out rows.</summary>
public static class MachineLearningEfficacy
{
    /// <summary>
    /// Trains <paramref name="trainer"/> to predict <paramref name="label"/> from <paramref name="features"/> on
    /// <paramref name="training"/> and returns (accuracy, macro-F1) on <paramref name="test"/>. Numeric features are
    /// converted to Single with missing values replaced by the mean, categorical ones one-hot encoded; the label's classes
    /// are taken from <paramref name="classes"/> so that every training set uses the same class numbering.
    /// </summary>
    public static (double Accuracy, double MacroF1) Score(MLContext ml, EfficacyTrainer trainer, IDataView training, IDataView test,
        TabularColumnInfo label, IReadOnlyList<TabularColumnInfo> features, IDataView classes)
    {
        ArgumentNullException.ThrowIfNull(ml);
        var keyData = ml.Transforms.SelectColumns(label.Name).Fit(classes).Transform(classes);
        IEstimator<ITransformer> pipeline = label.Type == "Key"
            ? ml.Transforms.CopyColumns("Label", label.Name)
            : ml.Transforms.Conversion.MapValueToKey("Label", label.Name, keyData: keyData);
        var featureNames = new List<string>();
        foreach (var f in features)
        {
            var name = "f_" + f.Name;
            featureNames.Add(name);
            pipeline = f.Kind == TabularColumnKind.Numeric
                ? pipeline.Append(ml.Transforms.Conversion.ConvertType(name, f.Name, DataKind.Single))
                    .Append(ml.Transforms.ReplaceMissingValues(name))
                : f.Type == "Boolean"
                    ? pipeline.Append(ml.Transforms.Conversion.ConvertType(name, f.Name, DataKind.Single))
                    : pipeline.Append(ml.Transforms.Categorical.OneHotEncoding(name, f.Name));
        }

        pipeline = pipeline.Append(ml.Transforms.Concatenate("Features", featureNames.ToArray()));
        // One thread each, so that a score repeats exactly from run to run; SDCA stops after 30 passes at most.
        pipeline = trainer switch
        {
            EfficacyTrainer.LightGbm => pipeline.Append(ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options { NumberOfThreads = 1 })),
            EfficacyTrainer.FastTree => pipeline.Append(ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { NumberOfThreads = 1 }))),
            _ => pipeline.Append(ml.Transforms.NormalizeMinMax("Features")).Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(
                new SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1, MaximumNumberOfIterations = 30 })),
        };
        var model = pipeline.Fit(training);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        return (metrics.MicroAccuracy, MacroF1(metrics.ConfusionMatrix));
    }

    /// <summary>Mean over the classes present in the test rows of F1 = 2 P R / (P + R) (a class never predicted has F1 0).</summary>
    public static double MacroF1(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var counts = matrix.Counts;
        var k = counts.Count;
        var scores = new List<double>();
        for (var c = 0; c < k; c++)
        {
            var actual = counts[c].Sum();
            if (actual == 0)
            {
                continue;
            }

            var predicted = Enumerable.Range(0, k).Sum(r => counts[r][c]);
            var tp = counts[c][c];
            var precision = predicted == 0 ? 0 : tp / predicted;
            var recall = tp / actual;
            scores.Add(precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
        }

        return scores.Count == 0 ? 0 : scores.Average();
    }
}
