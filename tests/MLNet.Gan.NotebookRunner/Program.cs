// `dotnet run --project tests/MLNet.Gan.NotebookRunner -c Release -- notebooks/*.ipynb`: packs the repository's packages
// into artifacts/packages (the notebooks' local package source), runs each notebook in the real notebook host from its
// own folder with the budget of MLNETGAN_NOTEBOOK_BUDGET (full when unset), and stores every cell's outputs in the file.
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using MLNet.Gan.NotebookRunner;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: MLNet.Gan.NotebookRunner NOTEBOOK.ipynb [...]   (runs each and stores its outputs in the file)");
    return 2;
}

var repoRoot = ChildProcess.RepoRoot(Path.GetDirectoryName(Path.GetFullPath(args[0])));
Console.WriteLine("packing MLNet.Gan and MLNet.Gan.Interactive into artifacts/packages, installing the notebook host ...");
using var feed = PackageFeed.PackIntoRepository(repoRoot);
var host = NotebookHost.Install(repoRoot);
foreach (var path in args.Select(Path.GetFullPath))
{
    Console.WriteLine($"{path}: running (budget: {Environment.GetEnvironmentVariable(NotebookRunner.BudgetVariable) ?? "full"}, packages {feed.Version})");
    var started = DateTime.UtcNow;
    try
    {
        var (document, cells) = await NotebookRunner.RunAsync(path, host, feed, Path.GetDirectoryName(path)!, TimeSpan.FromMinutes(30));
        StoreOutputs(document, cells);
        using var stream = new MemoryStream();
        Notebook.Write(document, stream, NotebookRunner.KernelInfos());
        MLNet.Gan.IO.AtomicFile.WriteAllBytes(path, stream.ToArray());
        Console.WriteLine($"{path}: {cells.Count} code cells, outputs stored ({(DateTime.UtcNow - started).TotalSeconds:0} s)");
    }
    catch (NotebookCellFailedException e)
    {
        Console.Error.WriteLine(e.Message);
        return 1;
    }
}

return 0;

// Replaces each run cell's outputs with what the kernel produced: stdout text, displayed values, the return value.
static void StoreOutputs(InteractiveDocument document, IReadOnlyList<CellRun> cells)
{
    var order = 0;
    foreach (var cell in cells)
    {
        var outputs = cell.Element.Outputs;
        outputs.Clear();
        cell.Element.ExecutionOrder = ++order;
        foreach (var e in cell.Events)
        {
            var values = NotebookHost.FormattedValues(e).ToList();
            switch (NotebookHost.EventType(e))
            {
                case "StandardOutputValueProduced":
                    var text = string.Concat(values.Where(v => v.MimeType == "text/plain").Select(v => v.Value));
                    if (outputs.Count > 0 && outputs[^1] is TextElement previous)
                    {
                        outputs[^1] = new TextElement(previous.Text + text);
                    }
                    else
                    {
                        outputs.Add(new TextElement(text));
                    }

                    break;
                case "ReturnValueProduced":
                    var result = new ReturnValueElement { ExecutionOrder = order };
                    foreach (var (mimeType, value) in values)
                    {
                        result.Data[mimeType] = value;
                    }

                    outputs.Add(result);
                    break;
                case "DisplayedValueProduced":
                    outputs.Add(new DisplayElement(values.ToDictionary(v => v.MimeType, v => (object)v.Value)));
                    break;
            }
        }
    }
}
