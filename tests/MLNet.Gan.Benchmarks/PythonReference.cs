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
    /// <param name="environment">
    /// <see cref="PythonEnvironment.SameAsOurs"/> runs it with OMP_WAIT_POLICY=PASSIVE, as MLNet.Gan runs
    /// libtorch (an engine-for-engine comparison); <see cref="PythonEnvironment.Default"/> leaves OpenMP's
    /// default (active spin-waiting), which is what a PyTorch user gets out of the box.
    /// </param>
    public static Dictionary<string, double>? Run(string scriptName, IEnumerable<string> arguments, int threads,
        PythonEnvironment environment)
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
        if (environment == PythonEnvironment.SameAsOurs)
        {
            start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        }
        else
        {
            start.Environment.Remove("OMP_WAIT_POLICY");
        }

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

/// <summary>The OpenMP environment a PyTorch reference run gets.</summary>
public enum PythonEnvironment
{
    /// <summary>OMP_WAIT_POLICY=PASSIVE, as MLNet.Gan sets for libtorch: the same engine in the same conditions.</summary>
    SameAsOurs,

    /// <summary>OpenMP's default (threads spin while waiting), as a plain <c>python3</c> run gets.</summary>
    Default,
}
