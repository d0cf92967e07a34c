using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using MLNet.Gan.Torch.Native;

namespace MLNet.Gan.Torch.Tests;

/// <summary>Checks the contract between the native shim and its C# declarations.</summary>
[TestClass]
public sealed partial class NativeBoundaryTests
{
    // Exports that cannot fail and therefore need no error boundary.
    private static readonly HashSet<string> s_unguarded = new() { "mg_last_error" };

    [GeneratedRegex(@"MG_EXPORT\s+[\w\s\*]+?\b(mg_\w+)\s*\(")]
    private static partial Regex ExportPattern();

    [TestMethod]
    public void EveryExportRunsInsideTheErrorBoundary()
    {
        var files = Directory.GetFiles(RepoPaths.Native, "*.cpp");
        Assert.IsNotEmpty(files);
        var checkedCount = 0;
        var problems = new List<string>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var matches = ExportPattern().Matches(text);
            for (var i = 0; i < matches.Count; i++)
            {
                var name = matches[i].Groups[1].Value;
                if (s_unguarded.Contains(name))
                {
                    continue;
                }

                var end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
                var chunk = text[matches[i].Index..end];
                var open = chunk.IndexOf('{', StringComparison.Ordinal);
                var body = open < 0 ? string.Empty : chunk[(open + 1)..].TrimStart();
                if (!body.StartsWith("MG_BEGIN", StringComparison.Ordinal) || !chunk.Contains("MG_END", StringComparison.Ordinal))
                {
                    problems.Add($"{Path.GetFileName(file)}: {name}");
                }

                checkedCount++;
            }
        }

        Assert.IsGreaterThan(20, checkedCount, "too few exports found: is the pattern still right?");
        Assert.IsEmpty(problems, "exports without MG_BEGIN ... MG_END: " + string.Join(", ", problems));
    }

    [TestMethod]
    public void EveryDeclaredEntryPointExistsInTheLibrary()
    {
        var declared = typeof(NativeMethods)
            .GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(m => m.GetCustomAttribute<LibraryImportAttribute>() is not null)
            .Select(m => m.GetCustomAttribute<LibraryImportAttribute>()!.EntryPoint ?? m.Name)
            .ToList();
        Assert.IsGreaterThan(20, declared.Count);

        _ = Torch.Threads; // loads the library through the resolver
        var path = Path.Combine(AppContext.BaseDirectory, NativeLibraryLoader.FileName);
        var lib = NativeLibrary.Load(path);
        var missing = declared.Where(name => !NativeLibrary.TryGetExport(lib, name, out _)).ToList();
        Assert.IsEmpty(missing, "declared but not exported: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void NativeErrorsBecomeExceptionsAndTheProcessLivesOn()
    {
        using var scope = Torch.NewScope();
        var a = Torch.Ones(new long[] { 2, 3 });
        var b = Torch.Ones(new long[] { 3, 3 });
        for (var i = 0; i < 100; i++)
        {
            Assert.ThrowsExactly<TorchException>(() => a + b);
        }

        // A failed call leaves later calls working.
        Assert.AreEqual(6.0, a.Sum().ToDouble());
    }
}
