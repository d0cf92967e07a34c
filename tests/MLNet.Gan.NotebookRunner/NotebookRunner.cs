// Runs a .ipynb notebook through .NET Interactive's own C# kernel, in process: parse it with the Documents parser,
// submit each C# cell in order to a CSharpKernel inside a CompositeKernel, and collect what each cell produced.
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;
using KernelInfo = Microsoft.DotNet.Interactive.Documents.KernelInfo;

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
/// <param name="Events">Every event the kernel published for the cell's submission.</param>
internal sealed record CellRun(int CellNumber, InteractiveDocumentElement Element, IReadOnlyList<KernelEvent> Events)
{
    /// <summary>Everything the cell wrote to standard output.</summary>
    public string StandardOutput => string.Concat(Events.OfType<StandardOutputValueProduced>()
        .SelectMany(e => e.FormattedValues).Where(v => v.MimeType == "text/plain").Select(v => v.Value));

    /// <summary>The formatted values the cell displayed or returned, as (MIME type, value).</summary>
    public IEnumerable<(string MimeType, string Value)> Displayed => Events
        .Where(e => e is DisplayedValueProduced or ReturnValueProduced)
        .SelectMany(e => ((DisplayEvent)e).FormattedValues).Select(v => (v.MimeType, v.Value));
}

/// <summary>Runs notebooks in process with a fresh C# kernel each.</summary>
internal static class NotebookRunner
{
    /// <summary>The environment variable the notebooks read for their step and time budgets; "small" keeps a run to seconds.</summary>
    public const string BudgetVariable = "MLNETGAN_NOTEBOOK_BUDGET";

    /// <summary>
    /// The library's own assemblies and ScottPlot: a notebook's <c>#r "…/X.dll"</c> of one of them is served from this process's
    /// build, whose TorchSharp native libraries carry the loader fix (the path in the notebook is the Release build a user makes).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> LibraryAssemblies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["MLNet.Gan.dll"] = typeof(GanTransformer).Assembly.Location,
        ["MLNet.Gan.Interactive.dll"] = typeof(Interactive.GanFormatters).Assembly.Location,
        ["ScottPlot.dll"] = Path.Combine(Imaging.ScottPlotRuntime.SkiaSharp3Folder, "ScottPlot.dll"),
    };

    /// <summary>Parses an .ipynb file with the .NET Interactive Documents parser.</summary>
    /// <param name="path">The notebook file.</param>
    public static InteractiveDocument Read(string path) => Notebook.Parse(File.ReadAllText(path), KernelInfos());

    /// <summary>The kernels a notebook's cells may name: C# and Markdown.</summary>
    public static KernelInfoCollection KernelInfos() =>
        [new KernelInfo("csharp", "C#", ["c#", "C#"]), new KernelInfo("markdown", "Markdown", ["md"])];

    /// <summary>
    /// Runs every C# cell of <paramref name="path"/> in order with <paramref name="workingDirectory"/> as the current directory;
    /// throws <see cref="NotebookCellFailedException"/> at the first cell the kernel reports as failed.
    /// </summary>
    /// <param name="path">The notebook file.</param>
    /// <param name="workingDirectory">Current directory while the cells run (relative paths in the notebook resolve there).</param>
    /// <param name="timeout">Longest time one cell may take.</param>
    public static async Task<(InteractiveDocument Document, IReadOnlyList<CellRun> Cells)> RunAsync(string path, string workingDirectory, TimeSpan timeout)
    {
        var document = Read(path);
        var name = Path.GetFileName(path);
        var runs = new List<CellRun>();
        var previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = workingDirectory;
        using var kernel = CreateKernel();
        try
        {
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

                var result = await Submit(kernel, ServeLibraryReferences(element.Contents), timeout, name, i + 1);
                runs.Add(new CellRun(i + 1, element, result.Events));
                if (Failure(result.Events) is { } error)
                {
                    throw new NotebookCellFailedException(name, i + 1, error);
                }
            }
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
        }

        return (document, runs);
    }

    /// <summary>A CompositeKernel holding a C# kernel with <c>#r "nuget: …"</c>, the kernel helpers (display, HTML) and the library's formatters.</summary>
    public static CompositeKernel CreateKernel()
    {
        // ScottPlot and its SkiaSharp 3 must resolve through the library's load context before the kernel's own resolvers see them.
        Imaging.ScottPlotRuntime.EnsureLoaded();
        var csharp = new CSharpKernel()
            .UseNugetDirective((k, packages) =>
            {
                k.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers();
        var composite = new CompositeKernel { csharp };
        composite.DefaultKernelName = csharp.Name;
        return composite;
    }

    // Rewrites `#r "<any folder>/MLNet.Gan*.dll"` to this process's copy of that assembly.
    private static string ServeLibraryReferences(string code)
    {
        var lines = code.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith("#r \"", StringComparison.Ordinal) || line.StartsWith("#r \"nuget:", StringComparison.Ordinal))
            {
                continue;
            }

            var reference = line[4..line.LastIndexOf('"')];
            if (LibraryAssemblies.TryGetValue(Path.GetFileName(reference), out var local))
            {
                lines[i] = $"#r \"{local}\"";
            }
        }

        return string.Join('\n', lines);
    }

    private static async Task<KernelCommandResult> Submit(Kernel kernel, string code, TimeSpan timeout, string notebook, int cell)
    {
        var submission = kernel.SendAsync(new SubmitCode(code));
        if (await Task.WhenAny(submission, Task.Delay(timeout)) != submission)
        {
            throw new NotebookCellFailedException(notebook, cell, $"did not finish within {timeout.TotalSeconds:0} s");
        }

        return await submission;
    }

    // The kernel's error text for a failed submission: the CommandFailed message, with any ErrorProduced messages before it.
    private static string? Failure(IReadOnlyList<KernelEvent> events)
    {
        var failed = events.OfType<CommandFailed>().FirstOrDefault();
        var errors = events.OfType<ErrorProduced>().Select(e => e.Message).ToList();
        if (failed is null && errors.Count == 0)
        {
            return null;
        }

        if (failed is not null)
        {
            errors.Add(failed.Exception is { } e && !failed.Message.Contains(e.Message, StringComparison.Ordinal)
                ? $"{failed.Message} ({e.GetType().Name}: {e.Message})"
                : failed.Message);
        }

        return string.Join(Environment.NewLine, errors.Distinct());
    }
}
