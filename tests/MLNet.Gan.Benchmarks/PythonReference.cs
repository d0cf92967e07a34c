// Runs a PyTorch reference script from tests/reference in the same run as our measurement, on the same libtorch.
using System.Diagnostics;
using System.Globalization;

namespace MLNet.Gan.Benchmarks;

/// <summary>Starts Debian's python3 (which has torch) on a script and reads "name value" lines from it.</summary>
public static class PythonReference
{
    /// <summary>The interpreter with Debian's torch module (the first python3 on PATH may lack it).</summary>
    public const string PythonPath = "/usr/bin/python3";

    /// <summary>
    /// Runs tests/reference/<paramref name="scriptName"/> with <paramref name="arguments"/> and
    /// <paramref name="threads"/> OpenMP threads; returns its "name value" lines, or null (with a note
    /// printed) when python3, torch or the script is missing or the script fails.
    /// </summary>
    /// <param name="scriptName">File name under tests/reference.</param>
    /// <param name="arguments">The script's arguments.</param>
    /// <param name="threads">OpenMP threads for the script (OMP_NUM_THREADS).</param>
    /// <remarks>The script inherits this process's environment (OpenMP's defaults, as TorchSharp runs here) with OMP_NUM_THREADS set.</remarks>
    public static Dictionary<string, double>? Run(string scriptName, IEnumerable<string> arguments, int threads)
    {
        var script = FindScript(scriptName);
        if (!File.Exists(PythonPath) || script is null)
        {
            Console.WriteLine($"(PyTorch column skipped: {PythonPath} or tests/reference/{scriptName} not found)");
            return null;
        }

        var start = new ProcessStartInfo(PythonPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + PythonPath);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var error = stderr.Result.Trim();
            Console.WriteLine($"(PyTorch column skipped: python exited with {process.ExitCode}: {error[Math.Max(0, error.Length - 300)..]})");
            return null;
        }

        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                result[parts[0]] = value;
            }
        }

        return result;
    }

    private static string? FindScript(string scriptName)
    {
        foreach (var origin in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "reference", scriptName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
