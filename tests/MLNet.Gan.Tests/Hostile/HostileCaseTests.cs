// Runs every hostile case of every IHostileCaseSource in this assembly through the command line, in this process, and
// checks that each ends as its case says (a clear refusal, or a skip that names the file) within its time limit: never a
// crash, a hang, a stack trace or an "unexpected" error. Writes the table of cases, outcomes and first message lines to
// the test results (hostile-cases.md), which the docs show.
using System.Diagnostics;
using System.Text;
using MLNet.Gan.Tests.Cli;

namespace MLNet.Gan.Tests.Hostile;

[TestClass]
public sealed class HostileCaseTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void EveryHostileCaseEndsInAClearRefusalOrANamedSkip()
    {
        using var root = new TempFolder();
        var sources = typeof(HostileCaseTests).Assembly.GetTypes()
            .Where(t => typeof(IHostileCaseSource).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var table = new StringBuilder("| area | case | command | outcome | first line of the message |\n| --- | --- | --- | --- | --- |\n");
        var failures = new List<string>();
        var count = 0;
        foreach (var type in sources)
        {
            var source = (IHostileCaseSource)Activator.CreateInstance(type)!;
            foreach (var c in source.Create(Directory.CreateDirectory(Path.Combine(root.Path, type.Name)).FullName))
            {
                count++;
                var (run, seconds) = RunWithin(c);
                var problem = run is null ? $"did not end within {c.TimeLimit.TotalSeconds:0} s" : Check(c, run);
                if (problem is not null)
                {
                    failures.Add($"{c.Area}: {c.Name}: {problem}\n  mlnet-gan {string.Join(' ', c.Args)}\n{run?.All}");
                }

                var message = run is null ? "(no end)" : FirstLine(c.Expected == HostileOutcome.Refused ? run.Error : NoteLine(run, c));
                table.Append($"| {c.Area} | {c.Name} | `{Command(c, root.Path)}` | {Outcome(run)} ({seconds:0.0} s) | {Escape(message.Replace(root.Path, "…", StringComparison.Ordinal))} |\n");
            }
        }

        var file = Path.Combine(TestContext.TestRunResultsDirectory ?? root.Path, "hostile-cases.md");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, table.ToString());
        TestContext.WriteLine($"{count} hostile cases from {sources.Count} sources; table: {file}");
        Assert.IsGreaterThan(0, count, "no hostile cases were found");
        Assert.IsEmpty(failures, $"{failures.Count} of {count} hostile cases ended badly:\n\n{string.Join("\n\n", failures)}");
    }

    private static (CliRun? Run, double Seconds) RunWithin(HostileCase c)
    {
        var clock = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource();
        var task = Task.Run(() => CliHarness.Run(c.Args, cancel.Token));
        if (!task.Wait(c.TimeLimit))
        {
            cancel.Cancel();
            return (null, clock.Elapsed.TotalSeconds);
        }

        return (task.Result, clock.Elapsed.TotalSeconds);
    }

    // Null when the run ended as the case says; otherwise what was wrong.
    private static string? Check(HostileCase c, CliRun run)
    {
        if (run.All.Contains("unexpected", StringComparison.OrdinalIgnoreCase) || run.All.Contains("   at ", StringComparison.Ordinal))
        {
            return "an unexpected error or a stack trace";
        }

        if (c.Expected == HostileOutcome.Refused)
        {
            var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (run.Code != 2 || lines.Length != 1 || !lines[0].StartsWith("error: ", StringComparison.Ordinal))
            {
                return $"expected exit code 2 and one error line, got exit code {run.Code} and {lines.Length} error line(s)";
            }

            var missing = c.Mentions.Where(m => !lines[0].Contains(m, StringComparison.Ordinal)).ToList();
            return missing.Count == 0 ? null : $"the error line does not name {string.Join(", ", missing.Select(m => $"'{m}'"))}";
        }

        if (run.Code != 0)
        {
            return $"expected exit code 0 (bad files skipped), got {run.Code}";
        }

        var text = run.Output + run.Error;
        var absent = c.Mentions.Where(m => !text.Contains(m, StringComparison.Ordinal)).ToList();
        return absent.Count == 0 ? null : $"the output does not name {string.Join(", ", absent.Select(m => $"'{m}'"))}";
    }

    private static string NoteLine(CliRun run, HostileCase c) =>
        (run.Output + "\n" + run.Error).Split('\n').FirstOrDefault(l => c.Mentions.Length > 0 && l.Contains(c.Mentions[0], StringComparison.Ordinal)) ?? string.Empty;

    private static string Outcome(CliRun? run) => run is null ? "hang" : run.Code switch
    {
        0 => "exit 0",
        2 => "exit 2",
        _ => $"exit {run.Code}",
    };

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? string.Empty;

    private static string Command(HostileCase c, string root) =>
        "mlnet-gan " + string.Join(' ', c.Args.Select(a => a.StartsWith(root, StringComparison.Ordinal) ? Path.GetFileName(a.TrimEnd('/')) : a));

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
}
