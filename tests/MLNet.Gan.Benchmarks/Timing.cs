using System.Diagnostics;

namespace MLNet.Gan.Benchmarks;

/// <summary>Small timing helpers: warm-up runs, then the median of measured runs.</summary>
public static class Timing
{
    /// <summary>Median wall time in milliseconds of <paramref name="runs"/> calls after <paramref name="warmup"/> calls.</summary>
    public static double MedianMs(Action action, int runs = 5, int warmup = 1)
    {
        ArgumentNullException.ThrowIfNull(action);
        for (var i = 0; i < warmup; i++)
        {
            action();
        }

        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }

        return Median(times);
    }

    /// <summary>The middle value of <paramref name="values"/> (the upper of the two middle ones for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
