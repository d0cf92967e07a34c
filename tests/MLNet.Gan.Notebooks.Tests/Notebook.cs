// A Polyglot / .NET Interactive notebook read from its .ipynb JSON: its C# code cells in order.
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MLNet.Gan.Notebooks.Tests;

/// <summary>One C# code cell: its position among all cells and its source text.</summary>
/// <param name="Index">0-based index among all the notebook's cells.</param>
/// <param name="Source">The cell's code.</param>
internal sealed record NotebookCell(int Index, string Source);

/// <summary>The C# code cells of one notebook file.</summary>
internal sealed partial class Notebook
{
    private Notebook(string path, IReadOnlyList<NotebookCell> cells)
    {
        Path = path;
        Cells = cells;
    }

    /// <summary>The .ipynb file.</summary>
    public string Path { get; }

    /// <summary>Its C# code cells, in order.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>The assembly path of a <c>#r "path"</c> line, or null when the line is not one (or is a NuGet reference).</summary>
    public static string? ReferencedPath(string line)
    {
        var match = ReferenceDirective().Match(line);
        return match.Success && ReferencedPackage(line) is null ? match.Groups["path"].Value : null;
    }

    /// <summary>The package and version of a <c>#r "nuget: Name, Version"</c> line, or null when the line is not one.</summary>
    public static (string Name, string Version)? ReferencedPackage(string line)
    {
        var match = PackageDirective().Match(line);
        return match.Success ? (match.Groups["name"].Value, match.Groups["version"].Value) : null;
    }

    /// <summary>The NuGet packages every <c>#r "nuget: ..."</c> line of the notebook names.</summary>
    public IEnumerable<(string Name, string Version)> ReferencedPackages() =>
        Cells.SelectMany(c => c.Source.Split('\n')).Select(ReferencedPackage).OfType<(string, string)>();

    /// <summary>The assembly paths of every <c>#r</c> line in the notebook's cells.</summary>
    public IEnumerable<string> ReferencedPaths() =>
        Cells.SelectMany(c => c.Source.Split('\n')).Select(ReferencedPath).OfType<string>();

    /// <summary>Reads <paramref name="path"/>; a code cell in another language is an error (this runner speaks C# only).</summary>
    public static Notebook Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var cells = new List<NotebookCell>();
        var index = 0;
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (cell.GetProperty("cell_type").GetString() == "code")
            {
                var language = LanguageOf(cell);
                if (language != "csharp")
                {
                    throw new InvalidDataException($"{path}: cell {index} is in '{language}', expected csharp");
                }

                cells.Add(new NotebookCell(index, SourceOf(cell.GetProperty("source"))));
            }

            index++;
        }

        return new Notebook(path, cells);
    }

    private static string SourceOf(JsonElement source) => source.ValueKind == JsonValueKind.Array
        ? string.Concat(source.EnumerateArray().Select(line => line.GetString()))
        : source.GetString() ?? string.Empty;

    private static string LanguageOf(JsonElement cell)
    {
        if (cell.TryGetProperty("metadata", out var metadata))
        {
            if (metadata.TryGetProperty("polyglot_notebook", out var polyglot) && polyglot.TryGetProperty("kernelName", out var kernel))
            {
                return kernel.GetString() ?? "csharp";
            }

            if (metadata.TryGetProperty("dotnet_interactive", out var interactive) && interactive.TryGetProperty("language", out var language))
            {
                return language.GetString() ?? "csharp";
            }
        }

        return "csharp";
    }

    [GeneratedRegex("^\\s*#r\\s+\"nuget:\\s*(?<name>[^,\"]+?)\\s*,\\s*(?<version>[^\"]+?)\\s*\"\\s*$")]
    private static partial Regex PackageDirective();

    [GeneratedRegex("^\\s*#r\\s+\"(?<path>[^\"]+)\"\\s*$")]
    private static partial Regex ReferenceDirective();
}
