// Runs a .ipynb notebook the way Polyglot Notebooks does: parse it with .NET Interactive's Documents parser, then send
// each C# cell in order to the real notebook host (dotnet-interactive stdio, one fresh host per notebook), which takes
// the repository's packages from a freshly packed local package source, and collect what each cell produced.
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace MLNet.Gan.NotebookRunner;

/// <summary>A notebook cell that failed: the notebook, the 1-based cell number among all its cells, and the kernel's error.</summary>
internal sealed class NotebookCellFailedException(string notebook, int cellNumber, string error)
    : Exception($"{notebook}: cell {cellNumber} failed: {error}")
{
    /// <summary>The notebook file.</summary>
    public string Notebook { get; } = notebook;

    /// <summary>1-based position of the cell among all the notebook's cells (markdown included).</summary>
    public int CellNumber { get; } = cellNumber;

    /// <summary>The error text the kernel reported.</summary>
    public string Error { get; } = error;
}

/// <summary>What one code cell produced.</summary>
/// <param name="CellNumber">1-based position among all cells.</param>
/// <param name="Element">The cell in the parsed document (its Outputs are filled when outputs are stored).</param>
/// <param name="Events">Every event the host published for the cell's submission, as JSON envelopes.</param>
internal sealed record CellRun(int CellNumber, InteractiveDocumentElement Element, IReadOnlyList<JsonObject> Events)
{
    /// <summary>Everything the cell wrote to standard output.</summary>
    public string StandardOutput => NotebookHost.Printed(Events);

    /// <summary>The formatted values the cell displayed or returned, as (MIME type, value).</summary>
    public IEnumerable<(string MimeType, string Value)> Displayed => Events
        .Where(e => NotebookHost.EventType(e) is "DisplayedValueProduced" or "ReturnValueProduced")
        .SelectMany(NotebookHost.FormattedValues);
}

/// <summary>Runs notebooks in the real notebook host, one fresh host each.</summary>
internal static class NotebookRunner
{
    /// <summary>The environment variable the notebooks read for their step and time budgets; "small" keeps a run to seconds.</summary>
    public const string BudgetVariable = "MLNETGAN_NOTEBOOK_BUDGET";

    /// <summary>Parses an .ipynb file with the .NET Interactive Documents parser.</summary>
    /// <param name="path">The notebook file.</param>
    public static InteractiveDocument Read(string path) => Notebook.Parse(File.ReadAllText(path), KernelInfos());

    /// <summary>The kernels a notebook's cells may name: C# and Markdown.</summary>
    public static KernelInfoCollection KernelInfos() =>
        [new KernelInfo("csharp", "C#", ["c#", "C#"]), new KernelInfo("markdown", "Markdown", ["md"])];

    /// <summary>
    /// Runs every C# cell of <paramref name="path"/>, as written, in order in a fresh notebook host started in
    /// <paramref name="workingDirectory"/> and told where <paramref name="feed"/> is; throws <see cref="NotebookCellFailedException"/> at the
    /// first cell the host reports as failed (or that runs past <paramref name="timeout"/>, or during which the host exits).
    /// </summary>
    /// <param name="path">The notebook file.</param>
    /// <param name="host">The host program (<see cref="NotebookHost.Install"/>).</param>
    /// <param name="feed">The packed repository packages.</param>
    /// <param name="workingDirectory">The host's current directory (relative paths in the notebook resolve there).</param>
    /// <param name="timeout">Longest time one cell may take.</param>
    public static async Task<(InteractiveDocument Document, IReadOnlyList<CellRun> Cells)> RunAsync(
        string path, string host, PackageFeed feed, string workingDirectory, TimeSpan timeout)
    {
        var document = Read(path);
        var name = Path.GetFileName(path);
        var runs = new List<CellRun>();
        using var kernel = new NotebookHost(host, workingDirectory, feed.HostEnvironment);
        for (var i = 0; i < document.Elements.Count; i++)
        {
            var element = document.Elements[i];
            if (element.KernelName is "markdown")
            {
                continue;
            }

            if (element.KernelName is not ("csharp" or null))
            {
                throw new NotebookCellFailedException(name, i + 1, $"the cell is in '{element.KernelName}', this runner speaks C# only");
            }

            List<JsonObject> events;
            try
            {
                events = await kernel.SubmitAsync(element.Contents, timeout);
            }
            catch (Exception e) when (e is TimeoutException or ChildProcessException)
            {
                throw new NotebookCellFailedException(name, i + 1, e.Message);
            }

            runs.Add(new CellRun(i + 1, element, events));
            if (NotebookHost.Errors(events) is { } error)
            {
                throw new NotebookCellFailedException(name, i + 1, error);
            }
        }

        return (document, runs);
    }
}
