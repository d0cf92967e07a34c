// The notebook host that Polyglot Notebooks and Jupyter run, the dotnet-interactive tool, driven over its stdio protocol
// (one JSON command envelope per line in, one JSON event envelope per line out) the way an editor drives it.
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace MLNet.Gan.Tests.Build;

/// <summary>
/// A running <c>dotnet-interactive stdio</c> with C# as its default kernel. <see cref="Submit"/> sends one cell and
/// returns every event the host published for it, up to its CommandSucceeded or CommandFailed.
/// </summary>
internal sealed class NotebookHost : IDisposable
{
    /// <summary>The host version on the package feed; its packages for .NET Interactive are the beta the repository builds with.</summary>
    public const string ToolVersion = "1.0.712001";

    private readonly Process process;
    private readonly List<string> transcript = [];
    private int nextToken;

    private NotebookHost(string program, string workingDirectory)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in new[] { "stdio", "--default-kernel", "csharp" })
        {
            info.ArgumentList.Add(arg);
        }

        DotnetCommand.Quiet(info);
        process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program} stdio");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (transcript)
                {
                    transcript.Add("stderr: " + e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>Installs the host into <c><paramref name="folder"/>/host</c> and starts it there.</summary>
    public static NotebookHost Install(string folder)
    {
        var toolPath = Path.Combine(folder, "host");
        DotnetCommand.DotnetOk(["tool", "install", "Microsoft.dotnet-interactive", "--version", ToolVersion, "--tool-path", toolPath],
            TimeSpan.FromMinutes(3), folder);
        return new NotebookHost(Path.Combine(toolPath, "dotnet-interactive"), folder);
    }

    /// <summary>Everything the host printed so far, for assertion messages.</summary>
    public string Transcript
    {
        get
        {
            lock (transcript)
            {
                return string.Join('\n', transcript.Select(l => l.Length > 600 ? l[..600] + " ..." : l));
            }
        }
    }

    /// <summary>Submits <paramref name="code"/> as one C# cell; fails the test when the cell fails or runs past <paramref name="timeout"/>.</summary>
    public List<JsonNode> Submit(string code, TimeSpan timeout)
    {
        var token = $"cell-{++nextToken}";
        var command = new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = "csharp" },
        };
        process.StandardInput.WriteLine(command.ToJsonString());
        process.StandardInput.Flush();

        var events = new List<JsonNode>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var read = process.StandardOutput.ReadLineAsync();
            if (!read.Wait(deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero) || read.Result is null)
            {
                Assert.Fail($"the host gave no end to {token} within {timeout} (or exited):\n{code}\n{Transcript}");
            }

            var line = read.Result!;
            lock (transcript)
            {
                transcript.Add(line);
            }

            // The host prints a welcome banner before its first event.
            if (!line.StartsWith('{') || JsonNode.Parse(line) is not JsonObject envelope || envelope["command"]?["token"]?.GetValue<string>() is not { } owner)
            {
                continue;
            }

            // Events of commands a cell spawns carry tokens such as cell-1.1; only the cell's own end ends it.
            if (owner != token && !owner.StartsWith(token + ".", StringComparison.Ordinal))
            {
                continue;
            }

            events.Add(envelope);
            var type = envelope["eventType"]?.GetValue<string>();
            if (owner == token && type == "CommandFailed")
            {
                Assert.Fail($"the cell failed: {envelope["event"]?["message"]}\n{code}\n{Transcript}");
            }

            if (owner == token && type == "CommandSucceeded")
            {
                return events;
            }
        }
    }

    /// <summary>The <paramref name="mimeType"/> values of the events of type <paramref name="eventType"/>.</summary>
    public static List<string> FormattedValues(IEnumerable<JsonNode> events, string eventType, string mimeType) =>
        events.Where(e => e["eventType"]?.GetValue<string>() == eventType)
            .SelectMany(e => e["event"]?["formattedValues"]?.AsArray() ?? [])
            .Where(v => v?["mimeType"]?.GetValue<string>() == mimeType)
            .Select(v => v!["value"]!.GetValue<string>())
            .ToList();

    public void Dispose()
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        finally
        {
            process.Dispose();
        }
    }
}
