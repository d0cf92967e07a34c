// Benchmark options written as --name=value or --name value; the other bare words are suite names.
using System.Globalization;

namespace MLNet.Gan.Benchmarks;

/// <summary>Reads <c>--name=value</c> (or <c>--name value</c>) options from the benchmark command line.</summary>
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
        var raw = String(args, name);
        if (raw is null)
        {
            return fallback;
        }

        return raw.Split(',').Select(part =>
            int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new ArgumentException($"{name}: expected non-negative integers separated by commas, found '{raw}'"))
            .ToArray();
    }

    /// <summary>The enum value after <paramref name="name"/> (names as the enum spells them, any case), or <paramref name="fallback"/>.</summary>
    /// <exception cref="ArgumentException">The value names no member of <typeparamref name="T"/>.</exception>
    public static T Enum<T>(string[] args, string name, T fallback)
        where T : struct, System.Enum
    {
        var raw = String(args, name);
        return raw is null ? fallback
            : System.Enum.TryParse<T>(raw, ignoreCase: true, out var value) && System.Enum.IsDefined(value) ? value
            : throw new ArgumentException($"{name}: expected one of {string.Join(", ", System.Enum.GetNames<T>())}, found '{raw}'");
    }

    /// <summary>The last value given for <paramref name="name"/>, as <c>--name=value</c> or <c>--name value</c>; null when absent.</summary>
    public static string? String(string[] args, string name)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? value = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                value = args[i][(name.Length + 1)..];
            }
            else if (args[i] == name && i + 1 < args.Length)
            {
                value = args[++i];
            }
        }

        return value;
    }

    /// <summary>The bare words of the command line: suite names (a word right after an option without '=' is that option's value).</summary>
    public static HashSet<string> Names(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                names.Add(args[i]);
            }
            else if (!args[i].Contains('=', StringComparison.Ordinal))
            {
                i++; // its value
            }
        }

        return names;
    }
}
