// Distance to the closest training row (DCR): rows are put in one space (numbers min-max scaled by the training range,
// missing as an indicator of its own, categories one-hot scaled so that a differing category adds 1 to the squared
// distance) and each synthetic row's Euclidean distance to its nearest training row is compared with the same distance of
// real held-out rows, so that copied training rows show as a pile of zeros.
using static TorchSharp.torch;

namespace MLNet.Gan.Tabular;

/// <summary>Summary of the distances of some rows to their nearest training row.</summary>
/// <param name="Rows">Rows measured.</param>
/// <param name="Median">Median distance.</param>
/// <param name="Percentile5">5th percentile.</param>
/// <param name="ExactCopies">Share of rows at distance 0: identical to a training row in every learned column.</param>
public sealed record NearestRowSummary(int Rows, double Median, double Percentile5, double ExactCopies);

/// <summary>Computes distances to the closest training row.</summary>
public static class NearestRowDistance
{
    /// <summary>Each of <paramref name="rows"/>' distance to its nearest row of <paramref name="training"/> (same columns).</summary>
    internal static double[] Distances(TabularTable training, TabularTable rows)
    {
        using var scope = NewDisposeScope();
        var train = Embed(training, training);
        var query = Embed(training, rows);
        var result = new double[rows.Rows];
        const int Chunk = 256;
        for (var start = 0; start < rows.Rows; start += Chunk)
        {
            using var inner = NewDisposeScope();
            var n = Math.Min(Chunk, rows.Rows - start);
            var d = cdist(query.narrow(0, start, n).unsqueeze(0), train.unsqueeze(0)).squeeze(0); // (n, N)
            var min = d.min(1).values.data<double>().ToArray();
            for (var i = 0; i < n; i++)
            {
                result[start + i] = min[i] < 1e-6 ? 0 : min[i];
            }
        }

        return result;
    }

    /// <summary>Median, 5th percentile and share of zeros of <paramref name="distances"/>.</summary>
    public static NearestRowSummary Summarise(IReadOnlyList<double> distances)
    {
        ArgumentNullException.ThrowIfNull(distances);
        var sorted = distances.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new NearestRowSummary(0, double.NaN, double.NaN, double.NaN);
        }

        return new NearestRowSummary(sorted.Length, Quantile(sorted, 0.5), Quantile(sorted, 0.05), sorted.Count(d => d == 0) / (double)sorted.Length);
    }

    private static double Quantile(double[] sorted, double q)
    {
        var at = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(at);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((at - lo) * (sorted[hi] - sorted[lo]));
    }

    // Rows (N, D) in the distance space defined by the training table's ranges and categories.
    private static Tensor Embed(TabularTable training, TabularTable table)
    {
        var width = 0;
        var columns = new List<Func<int, float[]>>();
        for (var i = 0; i < training.Columns.Length; i++)
        {
            var c = training.Columns[i];
            if (c.Kind == TabularColumnKind.Numeric)
            {
                var range = c.Maximum - c.Minimum;
                var values = table.Numbers[i];
                var min = c.Minimum;
                columns.Add(r => double.IsNaN(values[r]) ? new[] { 0f, 1f } : new[] { range == 0 ? 0f : (float)((values[r] - min) / range), 0f });
                width += 2;
            }
            else
            {
                var categories = training.Columns[i].Categories.Select((name, k) => (name, k)).ToDictionary(p => p.name, p => p.k);
                var text = table.Text(i);
                var size = categories.Count + 2; // + missing + a category the training rows lack
                var scale = (float)Math.Sqrt(0.5);
                columns.Add(r =>
                {
                    var v = new float[size];
                    v[text[r] is null ? size - 2 : categories.TryGetValue(text[r]!, out var k) ? k : size - 1] = scale;
                    return v;
                });
                width += size;
            }
        }

        var data = new float[(long)table.Rows * width];
        for (var r = 0; r < table.Rows; r++)
        {
            var at = (long)r * width;
            foreach (var column in columns)
            {
                var part = column(r);
                part.CopyTo(data, at);
                at += part.Length;
            }
        }

        return tensor(data, new long[] { table.Rows, width }).to_type(ScalarType.Float64); // float64: a copy's distance comes out 0, not 1e-3
    }
}
