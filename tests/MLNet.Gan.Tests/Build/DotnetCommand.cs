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
        try
        {
            var (commandLine, exitCode, output) = NotebookRunner.ChildProcess.Run(program, args, timeout, workingDirectory ?? Environment.CurrentDirectory);
            return new CommandRun(commandLine, exitCode, output);
        }
        catch (NotebookRunner.ChildProcessException e)
        {
            Assert.Fail(e.Message); // it did not finish in time, or did not start
            throw;
        }
    }

    /// <summary>The dotnet host running this test (testhost runs under it), else dotnet from the PATH.</summary>
    public static string Host() => NotebookRunner.ChildProcess.DotnetHost();
}
