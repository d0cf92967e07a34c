// Mode-specific normalisation of a numeric column (CTGAN, Xu et al. 2019): a one-dimensional Gaussian mixture fitted by
// EM, modes of tiny weight pruned; a value is encoded as a mode (sampled from its responsibilities) and its offset within
// that mode in units of four standard deviations.
namespace MLNet.Gan.Tabular;

/// <summary>Fits and applies the per-column Gaussian mixture of mode-specific normalisation.</summary>
/// <remarks>
/// The library's <see cref="Evaluation.GaussianMixture"/> is a fixed 2-D equal-weight benchmark mixture, not a fitted model;
/// this is a plain maximum-likelihood EM in one dimension (CTGAN uses a variational mixture; pruning modes whose weight is
/// below <c>minWeight</c> plays the part of its sparsity prior).
/// </remarks>
internal static class ColumnMixture
{
    private const int MaxEmValues = 5_000;
    private const int Iterations = 60;

    /// <summary>Fits at most <paramref name="maxModes"/> modes to the non-missing <paramref name="values"/>; returns means, stds and weights.</summary>
    public static (double[] Means, double[] Stds, double[] Weights) Fit(double[] values, int maxModes, double minWeight, int seed)
    {
        if (values.Length == 0)
        {
            return (new[] { 0.0 }, new[] { 1.0 }, new[] { 1.0 });
        }

        var random = new Random(seed);
        var x = values.Length <= MaxEmValues ? values : Enumerable.Range(0, MaxEmValues).Select(_ => values[random.Next(values.Length)]).ToArray();
        var sorted = x.Order().ToArray();
        var spread = sorted[^1] - sorted[0];
        // A small floor: a spike (a count that is mostly 0, a repeated price) keeps a mode narrow enough to come back exact.
        var floor = Math.Max(1e-9, 1e-6 * (spread > 0 ? spread : Math.Max(1, Math.Abs(sorted[0]))));

        // Start from distinct quantiles and the extremes: a column of few values (counts, flags) gets a mode per value, and a
        // spike (0 in nearly every row) keeps its outliers out of its own mode.
        var means = Enumerable.Range(0, maxModes).Select(k => sorted[(int)((k + 0.5) / maxModes * sorted.Length)])
            .Append(sorted[0]).Append(sorted[^1]).Distinct().Take(maxModes).ToArray();
        var stds = Enumerable.Repeat(Math.Max(floor, spread / (2.0 * means.Length)), means.Length).ToArray();
        var weights = Enumerable.Repeat(1.0 / means.Length, means.Length).ToArray();
        (means, stds, weights) = Em(x, means, stds, weights, floor, Iterations);

        var keep = Enumerable.Range(0, means.Length).Where(k => weights[k] >= minWeight).ToArray();
        if (keep.Length < means.Length)
        {
            means = keep.Select(k => means[k]).ToArray();
            stds = keep.Select(k => stds[k]).ToArray();
            weights = keep.Select(k => weights[k]).ToArray();
            // No refit: a kept mode would widen to cover the pruned modes' few values (a column that is 0 in 99.8 % of the
            // rows would lose its exact 0). Those values are encoded in their nearest kept mode, clipped at 4 standard deviations.
            Normalise(weights);
        }

        return (means, stds, weights);
    }

    /// <summary>The responsibilities p(mode | <paramref name="value"/>) into <paramref name="into"/>.</summary>
    public static void Responsibilities(double value, double[] means, double[] stds, double[] weights, Span<double> into)
    {
        Span<double> logPrior = stackalloc double[means.Length];
        for (var k = 0; k < means.Length; k++)
        {
            logPrior[k] = Math.Log(weights[k]) - Math.Log(stds[k]);
        }

        Posterior(value, means, stds, logPrior, into);
    }

    // Fills into with p(mode | value) from log(weight / std) per mode; returns log of the mixture density (up to a constant).
    private static double Posterior(double value, double[] means, double[] stds, ReadOnlySpan<double> logPrior, Span<double> into)
    {
        var best = double.NegativeInfinity;
        for (var k = 0; k < means.Length; k++)
        {
            var z = (value - means[k]) / stds[k];
            into[k] = logPrior[k] - (0.5 * z * z);
            best = Math.Max(best, into[k]);
        }

        double sum = 0;
        for (var k = 0; k < means.Length; k++)
        {
            into[k] = Math.Exp(into[k] - best);
            sum += into[k];
        }

        for (var k = 0; k < means.Length; k++)
        {
            into[k] /= sum;
        }

        return best + Math.Log(sum);
    }

    private static (double[] Means, double[] Stds, double[] Weights) Em(double[] x, double[] means, double[] stds, double[] weights, double floor, int iterations)
    {
        var k = means.Length;
        var r = new double[k];
        var previous = double.NegativeInfinity;
        for (var it = 0; it < iterations; it++)
        {
            var n = new double[k];
            var sx = new double[k];
            var sxx = new double[k];
            double logLikelihood = 0;
            var logPrior = Enumerable.Range(0, k).Select(j => Math.Log(weights[j]) - Math.Log(stds[j])).ToArray();
            foreach (var v in x)
            {
                logLikelihood += Posterior(v, means, stds, logPrior, r);
                for (var j = 0; j < k; j++)
                {
                    n[j] += r[j];
                    sx[j] += r[j] * v;
                    sxx[j] += r[j] * v * v;
                }
            }

            for (var j = 0; j < k; j++)
            {
                if (n[j] < 1e-9)
                {
                    weights[j] = 0;
                    continue;
                }

                means[j] = sx[j] / n[j];
                stds[j] = Math.Max(floor, Math.Sqrt(Math.Max(0, (sxx[j] / n[j]) - (means[j] * means[j]))));
                weights[j] = n[j] / x.Length;
            }

            // A mode that lost every value is dropped before the next round (its weight would make log(0)).
            var (m, sd, w) = (means, stds, weights);
            var alive = Enumerable.Range(0, k).Where(j => w[j] > 0).ToArray();
            if (alive.Length < k)
            {
                means = alive.Select(j => m[j]).ToArray();
                stds = alive.Select(j => sd[j]).ToArray();
                weights = alive.Select(j => w[j]).ToArray();
                Normalise(weights);
                k = alive.Length;
                r = new double[k];
            }

            if (Math.Abs(logLikelihood - previous) < 1e-5 * Math.Max(1, Math.Abs(logLikelihood)))
            {
                break;
            }

            previous = logLikelihood;
        }

        return (means, stds, weights);
    }

    private static void Normalise(double[] weights)
    {
        var total = weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] /= total;
        }
    }
}
