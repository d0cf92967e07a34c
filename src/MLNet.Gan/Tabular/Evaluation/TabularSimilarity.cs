// Column-by-column similarity of two tables (two-sample Kolmogorov-Smirnov statistic for numbers, total variation
// distance for categories) and how well pairwise associations survive (Pearson for numeric pairs, Cramér's V for
// categorical pairs, the correlation ratio for mixed pairs).
namespace MLNet.Gan.Tabular;

/// <summary>How one column of synthetic rows compares with the training rows, and how far held-out real rows are from them.</summary>
/// <param name="Column">The column.</param>
/// <param name="Kind">Numeric (Kolmogorov-Smirnov statistic) or categorical (total variation distance).</param>
/// <param name="Synthetic">The statistic between synthetic and training rows, in [0, 1], lower is closer.</param>
/// <param name="HeldOut">The same statistic between held-out real rows and training rows: what sampling alone gives.</param>
/// <param name="MissingTraining">Share of missing values in the training rows.</param>
/// <param name="MissingSynthetic">Share of missing values in the synthetic rows.</param>
public sealed record ColumnSimilarity(string Column, TabularColumnKind Kind, double Synthetic, double HeldOut, double MissingTraining, double MissingSynthetic);

/// <summary>The association of two columns in the training rows and in the synthetic rows.</summary>
/// <param name="First">One column.</param>
/// <param name="Second">The other column.</param>
/// <param name="Measure">"Pearson", "Cramér's V" or "correlation ratio".</param>
/// <param name="Training">The association in the training rows.</param>
/// <param name="Synthetic">The association in the synthetic rows.</param>
/// <param name="HeldOut">The association in the held-out real rows.</param>
public sealed record PairAssociation(string First, string Second, string Measure, double Training, double Synthetic, double HeldOut);

/// <summary>The statistics behind <see cref="TabularEvaluation"/>'s similarity and correlation tables.</summary>
public static class TabularSimilarity
{
    /// <summary>The two-sample Kolmogorov-Smirnov statistic: the largest gap between the two empirical CDFs (NaN ignored; 0 or 1 when a side is empty).</summary>
    public static double KolmogorovSmirnov(IEnumerable<double> a, IEnumerable<double> b)
    {
        var x = a.Where(v => !double.IsNaN(v)).Order().ToArray();
        var y = b.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (x.Length == 0 || y.Length == 0)
        {
            return x.Length == y.Length ? 0 : 1;
        }

        int i = 0, j = 0;
        double d = 0;
        while (i < x.Length && j < y.Length)
        {
            var v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] == v)
            {
                i++;
            }

            while (j < y.Length && y[j] == v)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs(((double)i / x.Length) - ((double)j / y.Length)));
        }

        return d;
    }

    /// <summary>Total variation distance of two category distributions: half the sum of absolute differences of frequencies (null is a category: missing).</summary>
    public static double TotalVariation(IReadOnlyList<string?> a, IReadOnlyList<string?> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return a.Count == b.Count ? 0 : 1;
        }

        var p = Frequencies(a);
        var q = Frequencies(b);
        return 0.5 * p.Keys.Union(q.Keys).Sum(k => Math.Abs(p.GetValueOrDefault(k) - q.GetValueOrDefault(k)));
    }

    /// <summary>Pearson's correlation over the rows where both are present (0 when either is constant).</summary>
    public static double Pearson(double[] x, double[] y)
    {
        var rows = Enumerable.Range(0, x.Length).Where(i => !double.IsNaN(x[i]) && !double.IsNaN(y[i])).ToArray();
        if (rows.Length < 2)
        {
            return 0;
        }

        double mx = rows.Average(i => x[i]), my = rows.Average(i => y[i]);
        double sxy = 0, sxx = 0, syy = 0;
        foreach (var i in rows)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Cramér's V of two categorical columns (missing is a category): sqrt(chi² / (n (min(r, c) - 1))), in [0, 1].</summary>
    public static double CramersV(IReadOnlyList<string?> x, IReadOnlyList<string?> y)
    {
        var n = x.Count;
        var rows = x.Select(Key).Distinct().ToList();
        var cols = y.Select(Key).Distinct().ToList();
        if (n == 0 || rows.Count < 2 || cols.Count < 2)
        {
            return 0;
        }

        var joint = new Dictionary<(string, string), int>();
        for (var i = 0; i < n; i++)
        {
            var key = (Key(x[i]), Key(y[i]));
            joint[key] = joint.GetValueOrDefault(key) + 1;
        }

        var rowTotals = x.GroupBy(Key).ToDictionary(g => g.Key, g => (double)g.Count());
        var colTotals = y.GroupBy(Key).ToDictionary(g => g.Key, g => (double)g.Count());
        double chi2 = 0;
        foreach (var r in rows)
        {
            foreach (var c in cols)
            {
                var expected = rowTotals[r] * colTotals[c] / n;
                var observed = joint.GetValueOrDefault((r, c));
                chi2 += (observed - expected) * (observed - expected) / expected;
            }
        }

        return Math.Sqrt(chi2 / (n * (Math.Min(rows.Count, cols.Count) - 1)));
    }

    /// <summary>The correlation ratio η of a number on a category: sqrt(between-category variance / total variance), in [0, 1] (rows with the number missing skipped).</summary>
    public static double CorrelationRatio(IReadOnlyList<string?> category, double[] value)
    {
        var rows = Enumerable.Range(0, value.Length).Where(i => !double.IsNaN(value[i])).ToArray();
        if (rows.Length < 2)
        {
            return 0;
        }

        var mean = rows.Average(i => value[i]);
        var total = rows.Sum(i => (value[i] - mean) * (value[i] - mean));
        var between = rows.GroupBy(i => Key(category[i])).Sum(g =>
        {
            var m = g.Average(i => value[i]);
            return g.Count() * (m - mean) * (m - mean);
        });
        return total == 0 ? 0 : Math.Sqrt(between / total);
    }

    /// <summary>Per-column statistics of synthetic and held-out rows against the training rows.</summary>
    internal static List<ColumnSimilarity> Columns(TabularTable training, TabularTable synthetic, TabularTable heldOut) =>
        training.Columns.Select((c, i) => c.Kind == TabularColumnKind.Numeric
            ? new ColumnSimilarity(c.Name, c.Kind,
                KolmogorovSmirnov(training.Numbers[i], synthetic.Numbers[i]), KolmogorovSmirnov(training.Numbers[i], heldOut.Numbers[i]),
                MissingShare(training.Numbers[i]), MissingShare(synthetic.Numbers[i]))
            : new ColumnSimilarity(c.Name, c.Kind,
                TotalVariation(training.Text(i), synthetic.Text(i)), TotalVariation(training.Text(i), heldOut.Text(i)),
                training.Text(i).Count(t => t is null) / (double)training.Rows, synthetic.Text(i).Count(t => t is null) / (double)synthetic.Rows))
        .ToList();

    /// <summary>Every pair of columns: its association in the training, synthetic and held-out rows.</summary>
    internal static List<PairAssociation> Pairs(TabularTable training, TabularTable synthetic, TabularTable heldOut)
    {
        var pairs = new List<PairAssociation>();
        var columns = training.Columns;
        for (var i = 0; i < columns.Length; i++)
        {
            for (var j = i + 1; j < columns.Length; j++)
            {
                var (a, b) = (i, j);
                var measure = (columns[a].Kind, columns[b].Kind) switch
                {
                    (TabularColumnKind.Numeric, TabularColumnKind.Numeric) => "Pearson",
                    (TabularColumnKind.Categorical, TabularColumnKind.Categorical) => "Cramér's V",
                    _ => "correlation ratio",
                };
                pairs.Add(new PairAssociation(columns[a].Name, columns[b].Name, measure,
                    Association(training, a, b), Association(synthetic, a, b), Association(heldOut, a, b)));
            }
        }

        return pairs;
    }

    private static double Association(TabularTable t, int a, int b) => (t.Columns[a].Kind, t.Columns[b].Kind) switch
    {
        (TabularColumnKind.Numeric, TabularColumnKind.Numeric) => Pearson(t.Numbers[a], t.Numbers[b]),
        (TabularColumnKind.Categorical, TabularColumnKind.Categorical) => CramersV(t.Text(a), t.Text(b)),
        (TabularColumnKind.Categorical, _) => CorrelationRatio(t.Text(a), t.Numbers[b]),
        _ => CorrelationRatio(t.Text(b), t.Numbers[a]),
    };

    private static double MissingShare(double[] values) => values.Length == 0 ? 0 : values.Count(double.IsNaN) / (double)values.Length;

    private static Dictionary<string, double> Frequencies(IReadOnlyList<string?> values) =>
        values.GroupBy(Key).ToDictionary(g => g.Key, g => g.Count() / (double)values.Count);

    private static string Key(string? value) => value ?? "\0missing";
}
