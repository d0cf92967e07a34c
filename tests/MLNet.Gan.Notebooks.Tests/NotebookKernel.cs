// Runs a notebook's C# cells as chained script submissions, as the .NET Interactive C# kernel does: each cell
// sees the variables and functions of the cells before it, and a cell's trailing expression is its value.
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace MLNet.Gan.Notebooks.Tests;

/// <summary>What the kernel offers every cell: <c>display</c> and <c>HTML</c>, recording what was displayed.</summary>
public sealed class KernelGlobals
{
    /// <summary>Every value passed to <see cref="display"/>, in order.</summary>
    public List<object?> Displayed { get; } = new();

    /// <summary>Shows a value below the cell (recorded here).</summary>
    public object? display(object? value)
    {
        Displayed.Add(value);
        return value;
    }

    /// <summary>Marks a string as HTML to display.</summary>
    public HtmlContent HTML(string html) => new(html);
}

/// <summary>HTML text handed to <see cref="KernelGlobals.display"/>.</summary>
/// <param name="Html">The markup.</param>
public sealed record HtmlContent(string Html);

/// <summary>The result of running a notebook: what it printed, displayed and the last cell's value.</summary>
/// <param name="Output">Everything the cells wrote to the console.</param>
/// <param name="Displayed">Everything passed to display.</param>
/// <param name="CellValues">Each cell's trailing-expression value (null when it had none).</param>
internal sealed record NotebookRun(string Output, IReadOnlyList<object?> Displayed, IReadOnlyList<object?> CellValues);

/// <summary>Executes notebooks against the assemblies this test project references.</summary>
internal static class NotebookKernel
{
    private static readonly string[] DefaultImports =
    [
        "System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Text", "System.Threading", "System.Threading.Tasks",
    ];

    /// <summary>
    /// Runs <paramref name="notebook"/> with the notebook's folder-relative paths resolved in <paramref name="workingDirectory"/>.
    /// <c>#r</c> lines must name assemblies given in <paramref name="references"/> (they are loaded from there);
    /// <paramref name="replacements"/> (old, new) adjust the source for a short test run and must each match once.
    /// </summary>
    public static NotebookRun Run(Notebook notebook, IReadOnlyList<Assembly> references, string workingDirectory,
        IReadOnlyList<(string Old, string New)> replacements)
    {
        var cells = ApplyReplacements(notebook, replacements);
        var options = ScriptOptions.Default.AddReferences(references).WithImports(DefaultImports);
        var globals = new KernelGlobals();
        var values = new List<object?>();
        var previousDirectory = Environment.CurrentDirectory;
        var previousOut = Console.Out;
        using var buffer = new StringWriter();
        var output = TextWriter.Synchronized(buffer); // progress callbacks write from pool threads
        Environment.CurrentDirectory = workingDirectory;
        Console.SetOut(output);
        try
        {
            ScriptState<object>? state = null;
            foreach (var cell in cells)
            {
                var code = StripReferences(notebook, cell, references);
                try
                {
                    state = state is null
                        ? CSharpScript.RunAsync(code, options, globals, typeof(KernelGlobals)).GetAwaiter().GetResult()
                        : state.ContinueWithAsync(code, options).GetAwaiter().GetResult();
                }
                catch (Exception e)
                {
                    throw new InvalidOperationException($"{notebook.Path}: cell {cell.Index} failed: {e.Message}", e);
                }

                values.Add(state.ReturnValue);
            }
        }
        finally
        {
            Console.SetOut(previousOut);
            Environment.CurrentDirectory = previousDirectory;
        }

        return new NotebookRun(buffer.ToString(), globals.Displayed, values);
    }

    private static List<NotebookCell> ApplyReplacements(Notebook notebook, IReadOnlyList<(string Old, string New)> replacements)
    {
        var cells = notebook.Cells.ToList();
        foreach (var (old, replacement) in replacements)
        {
            var hits = cells.Where(c => c.Source.Contains(old, StringComparison.Ordinal)).ToList();
            var count = hits.Sum(c => Regex.Matches(c.Source, Regex.Escape(old)).Count);
            if (count != 1)
            {
                throw new InvalidOperationException($"{notebook.Path}: expected '{old}' once in its code, found it {count} times");
            }

            var i = cells.IndexOf(hits[0]);
            cells[i] = cells[i] with { Source = cells[i].Source.Replace(old, replacement, StringComparison.Ordinal) };
        }

        return cells;
    }

    /// <summary>Packages whose assemblies the test process loads (through the library and the test project).</summary>
    public static readonly string[] PackagesLoaded = ["Microsoft.ML", "Microsoft.ML.ImageAnalytics", "TorchSharp-cpu"];

    // `#r "path/X.dll"` loads X from the references given; `#r "nuget: P, v"` is accepted for the packages loaded; any other #r is an error.
    private static string StripReferences(Notebook notebook, NotebookCell cell, IReadOnlyList<Assembly> references)
    {
        var lines = cell.Source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (Notebook.ReferencedPackage(lines[i]) is { } package)
            {
                // The test process already holds the packages the library and the test project reference.
                if (!PackagesLoaded.Contains(package.Name))
                {
                    throw new InvalidOperationException(
                        $"{notebook.Path}: cell {cell.Index} references the package '{package.Name}', which the notebook test does not load " +
                        $"({string.Join(", ", PackagesLoaded)})");
                }

                lines[i] = "// " + lines[i];
                continue;
            }

            if (Notebook.ReferencedPath(lines[i]) is not { } path)
            {
                continue;
            }

            var name = Path.GetFileNameWithoutExtension(path);
            if (!references.Any(a => a.GetName().Name == name))
            {
                throw new InvalidOperationException(
                    $"{notebook.Path}: cell {cell.Index} references '{path}', which is not one of the assemblies " +
                    $"the notebook test provides ({string.Join(", ", references.Select(a => a.GetName().Name))})");
            }

            lines[i] = "// " + lines[i];
        }

        return string.Join('\n', lines);
    }
}
