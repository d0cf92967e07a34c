// Child processes for the runner: dotnet (pack, tool install) and the notebook host, quiet and with a time limit. The
// library's test project compiles this file too, for the repository root, the dotnet host and the quiet environment, and
// the benchmarks, whose compare runs each configuration in a child process.
using System.Diagnostics;

namespace MLNet.Gan.NotebookRunner;

/// <summary>A child process failed or ran past its time; the message carries the command line and what it printed.</summary>
internal sealed class ChildProcessException(string message) : Exception(message);

internal static class ChildProcess
{
    /// <summary>The repository root: the first folder above <paramref name="start"/> (default: this program's folder) that holds MLNet.Gan.sln.</summary>
    public static string RepoRoot(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MLNet.Gan.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no MLNet.Gan.sln above {start ?? AppContext.BaseDirectory}");
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="args"/>; throws unless it exits with 0 within <paramref name="timeout"/>.</summary>
    public static string Dotnet(IEnumerable<string> args, TimeSpan timeout, string workingDirectory)
    {
        var (commandLine, exitCode, output) = Run(DotnetHost(), args, timeout, workingDirectory);
        return exitCode == 0 ? output : throw new ChildProcessException($"$ {commandLine}\nexit code {exitCode}\n{output}");
    }

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="args"/> to its end, its output and error captured together;
    /// returns the command line, exit code and output. Throws when it runs past <paramref name="timeout"/> (it is killed).
    /// </summary>
    public static (string CommandLine, int ExitCode, string Output) Run(string program, IEnumerable<string> args, TimeSpan timeout, string workingDirectory)
    {
        var info = Start(program, args, workingDirectory, redirectInput: false);
        var commandLine = $"{Path.GetFileName(program)} {string.Join(' ', info.ArgumentList)}";
        using var process = Process.Start(info) ?? throw new ChildProcessException($"could not start {commandLine}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new ChildProcessException($"$ {commandLine}\ndid not finish in {timeout}; it printed:\n{stdout.Result}{stderr.Result}");
        }

        return (commandLine, process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>
    /// A start description for <paramref name="program"/> with its streams redirected, no build servers left behind (one left
    /// running would hold the output pipes open), no telemetry and no first-run banners.
    /// </summary>
    public static ProcessStartInfo Start(string program, IEnumerable<string> args, string workingDirectory, bool redirectInput = true)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Quiet(info);
        return info;
    }

    /// <summary>No build servers left behind (one left running would hold the output pipes open), no telemetry, no first-run banners.</summary>
    public static void Quiet(ProcessStartInfo info)
    {
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["UseSharedCompilation"] = "false";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
    }

    /// <summary>The dotnet host running this process (tests run under it), else dotnet from the PATH.</summary>
    public static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
