// The real table the tabular tests learn from: 600 rows of the Telco customer-churn data (modeldata's wa_churn, MIT),
// all 11 rows whose total_charges is missing and the first 589 others; 20 mixed columns, churn "Yes" 24.5 %.
using Microsoft.ML;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Tabular;

internal static class TabularFixtures
{
    public static string ChurnCsv => Path.Combine(AppContext.BaseDirectory, "Tabular", "Fixtures", "wa_churn_600.csv");

    public static IDataView Churn() => TabularCsv.Read(ChurnCsv).Data;

    /// <summary>Options that train in about a second: tiny networks, few steps.</summary>
    public static TabularGanTrainer.Options Tiny(long steps = 40, int seed = 1) => new()
    {
        LabelColumnName = "churn",
        LatentSize = 16,
        GeneratorLayers = new[] { 32 },
        DiscriminatorLayers = new[] { 32 },
        BatchSize = 100,
        MaxSteps = steps,
        Seed = seed,
        Device = "cpu",
    };

    private static readonly Lazy<TabularGanTransformer> Shared = new(() => new MLContext(0).Gan().Trainers.TabularGan(Tiny()).Fit(Churn()));

    /// <summary>One tiny model trained once for the tests that only read it (never dispose it).</summary>
    public static TabularGanTransformer Model => Shared.Value;

    /// <summary>Every value of every column of <paramref name="data"/>, row by row, as text (for comparing data views).</summary>
    public static List<string> Rows(IDataView data)
    {
        var preview = data.Preview(int.MaxValue);
        return preview.RowView.Select(r => string.Join("|", r.Values.Select(v => v.Value?.ToString()))).ToList();
    }
}
