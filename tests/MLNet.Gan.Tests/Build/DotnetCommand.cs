// Runs dotnet (and programs such as an installed tool) as child processes for the tests that build, pack or probe
// in another process: captured output for failure messages, a time limit, and no build servers left behind.
using System.Diagnostics;

namespace MLNet.Gan.Tests.Build;

/// <summary>What one child process returned and printed.</summary>
internal sealed record CommandRun(string CommandLine, int ExitCode, string Output)
{
    /// <summary>The command, its exit code and everything it printed, for assertion messages.</summary>
    public string Describe() => $"$ {CommandLine}\nexit code {ExitCode}\n{Output}";
}

internal static class DotnetCommand
{
    /// <summary>The repository root: the first folder above the test's output that holds MLNet.Gan.sln.</summary>
    public static string RepoRoot() => NotebookRunner.ChildProcess.RepoRoot();

    /// <summary>Runs <c>dotnet</c> with <paramref name="args"/>.</summary>
    public static CommandRun Dotnet(IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null) =>
        Run(Host(), args, timeout, workingDirectory);

    /// <summary>Runs <c>dotnet</c> with <paramref name="args"/> and fails the test, with its output, unless it exits with 0.</summary>
    public static CommandRun DotnetOk(IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var run = Dotnet(args, timeout, workingDirectory);
        Assert.AreEqual(0, run.ExitCode, run.Describe());
        return run;
    }

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="args"/>, its output and error captured together. MSBuild
    /// node reuse and the shared compiler server are off for the child and its children: a server left running would
    /// hold the output pipes open after the build ends.
    /// </summary>
    public static CommandRun Run(string program, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        Quiet(info);

        var commandLine = $"{Path.GetFileName(program)} {string.Join(' ', info.ArgumentList)}";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {commandLine}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"$ {commandLine}\ndid not finish in {timeout}; it printed:\n{stdout.Result}{stderr.Result}");
        }

        return new CommandRun(commandLine, process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>No build servers left behind (see <see cref="Run"/>), no telemetry, no first-run banners.</summary>
    public static void Quiet(ProcessStartInfo info) => NotebookRunner.ChildProcess.Quiet(info);

    /// <summary>The dotnet host running this test (testhost runs under it), else dotnet from the PATH.</summary>
    public static string Host() => NotebookRunner.ChildProcess.DotnetHost();
}
