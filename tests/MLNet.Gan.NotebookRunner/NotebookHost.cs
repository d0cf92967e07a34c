// The notebook host that Polyglot Notebooks and Jupyter run, the dotnet-interactive tool, driven over its stdio protocol
// (one JSON command envelope per line in, one JSON event envelope per line out) the way an editor drives it.
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace MLNet.Gan.NotebookRunner;

/// <summary>
/// A running <c>dotnet-interactive stdio</c> with C# as its default kernel. <see cref="SubmitAsync"/> sends one cell and
/// returns every event the host published for it, up to its CommandSucceeded or CommandFailed.
/// </summary>
internal sealed class NotebookHost : IDisposable
{
    /// <summary>The host's version on the package feed; its .NET Interactive is the beta the repository compiles against.</summary>
    public const string ToolVersion = "1.0.712001";

    private readonly Process process;
    private readonly List<string> transcript = [];
    private int nextToken;

    /// <summary>
    /// Starts the host installed by <see cref="Install"/> in <paramref name="workingDirectory"/> (relative paths in cells resolve
    /// there), with <paramref name="environment"/> added to this process's environment.
    /// </summary>
    public NotebookHost(string program, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = ChildProcess.Start(program, ["stdio", "--default-kernel", "csharp"], workingDirectory);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        process = Process.Start(info) ?? throw new ChildProcessException($"could not start {program} stdio");
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

    /// <summary>
    /// The host program, installed once per version into <c>artifacts/tools/</c> of <paramref name="repoRoot"/> with
    /// <c>dotnet tool install --tool-path</c> (from the repository's package sources) and reused after.
    /// </summary>
    public static string Install(string repoRoot)
    {
        var toolPath = Path.Combine(repoRoot, "artifacts", "tools", $"dotnet-interactive-{ToolVersion}");
        var program = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "dotnet-interactive.exe" : "dotnet-interactive");
        if (!File.Exists(program))
        {
            ChildProcess.Dotnet(["tool", "install", "Microsoft.dotnet-interactive", "--version", ToolVersion, "--tool-path", toolPath],
                TimeSpan.FromMinutes(5), repoRoot);
        }

        return program;
    }

    /// <summary>Everything the host printed so far (long lines shortened), for error messages.</summary>
    public string Transcript
    {
        get
        {
            lock (transcript)
            {
                return string.Join('\n', transcript.TakeLast(200).Select(l => l.Length > 600 ? l[..600] + " ..." : l));
            }
        }
    }

    /// <summary>
    /// Submits <paramref name="code"/> as one C# cell and returns the events of the cell (and of the commands it spawned), the
    /// last being its CommandSucceeded or CommandFailed.
    /// </summary>
    /// <exception cref="TimeoutException">No end within <paramref name="timeout"/>.</exception>
    /// <exception cref="ChildProcessException">The host exited.</exception>
    public async Task<List<JsonObject>> SubmitAsync(string code, TimeSpan timeout)
    {
        var token = $"cell-{++nextToken}";
        var command = new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = "csharp" },
        };
        await process.StandardInput.WriteLineAsync(command.ToJsonString());
        await process.StandardInput.FlushAsync();

        var events = new List<JsonObject>();
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            string? line;
            try
            {
                line = await process.StandardOutput.ReadLineAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the host gave no end to the cell within {timeout.TotalSeconds:0} s");
            }

            if (line is null)
            {
                throw new ChildProcessException($"the notebook host exited:\n{Transcript}");
            }

            lock (transcript)
            {
                transcript.Add(line);
            }

            // The host prints a welcome banner before its first event; events of other commands are not the cell's.
            if (!line.StartsWith('{') || JsonNode.Parse(line) is not JsonObject envelope
                || envelope["command"]?["token"]?.GetValue<string>() is not { } owner
                || (owner != token && !owner.StartsWith(token + ".", StringComparison.Ordinal)))
            {
                continue;
            }

            events.Add(envelope);
            if (owner == token && EventType(envelope) is "CommandSucceeded" or "CommandFailed")
            {
                return events;
            }
        }
    }

    /// <summary>Everything <paramref name="events"/> wrote to standard output.</summary>
    public static string Printed(IEnumerable<JsonObject> events) => string.Concat(events.Where(e => EventType(e) == "StandardOutputValueProduced")
        .SelectMany(FormattedValues).Where(v => v.MimeType == "text/plain").Select(v => v.Value));

    /// <summary>The host's error text among <paramref name="events"/>: any ErrorProduced messages, then the CommandFailed message; null when none.</summary>
    public static string? Errors(IEnumerable<JsonObject> events)
    {
        var errors = events.Where(e => EventType(e) is "ErrorProduced" or "CommandFailed")
            .Select(e => e["event"]?["message"]?.GetValue<string>() ?? e.ToJsonString()).Distinct().ToList();
        return errors.Count == 0 ? null : string.Join(Environment.NewLine, errors);
    }

    /// <summary>The event's type, for example ReturnValueProduced.</summary>
    public static string? EventType(JsonObject envelope) => envelope["eventType"]?.GetValue<string>();

    /// <summary>The event's formatted values as (MIME type, value).</summary>
    public static IEnumerable<(string MimeType, string Value)> FormattedValues(JsonObject envelope) =>
        (envelope["event"]?["formattedValues"]?.AsArray() ?? [])
            .Select(v => (v?["mimeType"]?.GetValue<string>() ?? "", v?["value"]?.GetValue<string>() ?? ""));

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
