// Benchmark options written as --name=value, so that bare words stay suite names.
using System.Globalization;

namespace MLNet.Gan.Benchmarks;

/// <summary>Reads <c>--name=value</c> options from the benchmark command line.</summary>
public static class BenchmarkArgs
{
    /// <summary>The integer after <c>name=</c>, or <paramref name="fallback"/> when the option is absent.</summary>
    /// <exception cref="ArgumentException">The value is not a non-negative integer.</exception>
    public static int Int(string[] args, string name, int fallback) => Ints(args, name, [fallback])[0];

    /// <summary>The comma-separated integers after <c>name=</c>, or <paramref name="fallback"/> when the option is absent.</summary>
    /// <exception cref="ArgumentException">A value is not a non-negative integer.</exception>
    public static int[] Ints(string[] args, string name, int[] fallback)
    {
        ArgumentNullException.ThrowIfNull(args);
        var prefix = name + "=";
        var raw = args.LastOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal));
        if (raw is null)
        {
            return fallback;
        }

        return raw[prefix.Length..].Split(',').Select(part =>
            int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new ArgumentException($"{name}: expected non-negative integers separated by commas, found '{raw[prefix.Length..]}'"))
            .ToArray();
    }
}
