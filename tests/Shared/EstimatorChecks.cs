// The one shared check every estimator's tests go through: schema propagation, save/load round trip, bad input.
using MLNet.Gan.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace MLNet.Gan.TestUtilities;

/// <summary>
/// Checks an estimator the way ML.NET's TestEstimatorCore does: (1) GetOutputSchema without data fits the schema
/// of the fitted transformer and of its output; (2) the transformer saved to a model file and loaded back gives
/// identical outputs; (3) bad input is rejected by GetOutputSchema and Fit with a message naming the column.
/// </summary>
public static class EstimatorChecks
{
    /// <summary>
    /// Runs the checks and returns the fitted transformer (the caller disposes it when disposable).
    /// <paramref name="badData"/>: a view whose schema the estimator must reject; <paramref name="badColumnName"/>:
    /// the column the error must name. Set <paramref name="checkSaveLoad"/> false only for transformers not meant to be saved.
    /// </summary>
    public static TTransformer Run<TTransformer>(
        IEstimator<TTransformer> estimator,
        IDataView data,
        IDataView? badData = null,
        string? badColumnName = null,
        bool checkSaveLoad = true,
        GanContext? context = null)
        where TTransformer : ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(data);
        context ??= new GanContext(seed: 1);

        // (1) Schema propagation without data.
        var predicted = estimator.GetOutputSchema(data.Schema);
        var transformer = estimator.Fit(data);
        var fittedSchema = transformer.GetOutputSchema(data.Schema);
        DataViewAssert.SchemaCompatible(predicted, fittedSchema);
        var output = transformer.Transform(data);
        Assert.AreEqual(
            string.Join(", ", fittedSchema.Select(c => $"{c.Name}:{c.Type}")),
            string.Join(", ", output.Schema.Select(c => $"{c.Name}:{c.Type}")),
            "Transform(data).Schema differs from GetOutputSchema(data.Schema)");

        // Reading every column of the output must work.
        using (var cursor = output.GetRowCursorForAllColumns())
        {
            while (cursor.MoveNext())
            {
            }
        }

        // (2) Save / load round trip with identical outputs.
        if (checkSaveLoad)
        {
            var path = Path.Combine(Path.GetTempPath(), $"estimator-check-{Guid.NewGuid():N}.zip");
            try
            {
                context.Model.Save(transformer, data.Schema, path);
                var loaded = context.Model.Load(path, out var savedSchema);
                try
                {
                    Assert.AreEqual(
                        string.Join(", ", data.Schema.Select(c => $"{c.Name}:{c.Type}")),
                        string.Join(", ", savedSchema.Select(c => $"{c.Name}:{c.Type}")),
                        "input schema saved with the model");
                    DataViewAssert.Equal(output, loaded.Transform(data), "after a save/load round trip");
                }
                finally
                {
                    (loaded as IDisposable)?.Dispose();
                }
            }
            finally
            {
                File.Delete(path);
            }
        }

        // (3) Bad input is rejected early, naming the column.
        if (badData is not null)
        {
            var e1 = Assert.Throws<Exception>(() => estimator.GetOutputSchema(badData.Schema), "GetOutputSchema accepted bad input");
            var e2 = Assert.Throws<Exception>(() => estimator.Fit(badData), "Fit accepted bad input");
            if (badColumnName is not null)
            {
                Assert.Contains($"'{badColumnName}'", e1.Message, "GetOutputSchema's error names the column");
                Assert.Contains($"'{badColumnName}'", e2.Message, "Fit's error names the column");
            }
        }

        return transformer;
    }
}
