// Every notebook in notebooks/ runs top to bottom in .NET Interactive's own C# kernel (small budget, from
// notebooks.runsettings) and shows what its text promises; a failing cell is reported by notebook, number and error.
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MLNet.Gan.NotebookRunner;

namespace MLNet.Gan.Notebooks.Tests;

[TestClass]
public sealed partial class NotebookTests
{
    private static readonly TimeSpan CellTimeout = TimeSpan.FromMinutes(5);

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MLNet.Gan.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MLNet.Gan.sln not found above " + AppContext.BaseDirectory);
    }

    private static string NotebookPath(string name) => Path.Combine(RepoRoot(), "notebooks", name);

    /// <summary>
    /// Runs a notebook in a fresh temporary folder (its relative output paths land there), then checks it with
    /// <paramref name="check"/>(cells, everything printed, the notebook's run folder); the temporary folder is removed after.
    /// </summary>
    private static async Task RunAndCheck(string name, string runFolder, Action<IReadOnlyList<CellRun>, string, DirectoryInfo> check)
    {
        Assert.AreEqual("small", Environment.GetEnvironmentVariable(NotebookRunner.NotebookRunner.BudgetVariable),
            "notebooks.runsettings sets the small budget");
        var work = Directory.CreateTempSubdirectory("mlnetgan-notebook-");
        try
        {
            var (_, cells) = await NotebookRunner.NotebookRunner.RunAsync(NotebookPath(name), work.FullName, CellTimeout);
            check(cells, Output(cells), new DirectoryInfo(Path.Combine(work.FullName, runFolder)));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Output(IReadOnlyList<CellRun> cells) => string.Concat(cells.Select(c => c.StandardOutput));

    // Every displayed <img> holds a real PNG file's bytes; returns how many were displayed.
    private static int InlinePngs(IReadOnlyList<CellRun> cells)
    {
        var images = cells.SelectMany(c => c.Displayed).Where(d => d.MimeType == "text/html")
            .SelectMany(d => InlinePng().Matches(d.Value)).ToList();
        foreach (var image in images)
        {
            var bytes = Convert.FromBase64String(image.Groups["data"].Value);
            CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes.Take(4).ToArray());
        }

        return images.Count;
    }

    private static void AssertFiles(DirectoryInfo folder, params string[] files)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(folder.FullName, file);
            Assert.IsTrue(File.Exists(path), $"the notebook wrote {file}");
            Assert.IsGreaterThan(100L, new FileInfo(path).Length, $"{file} is not empty");
        }
    }

    [TestMethod]
    public Task QuickstartTrainsShowsSavesReloadsAndGeneratesPerClass() => RunAndCheck("1-quickstart.ipynb", "quickstart-run", (cells, output, run) =>
    {
        StringAssert.Contains(output, "60000 rows; classes: T-shirt/top, Trouser");
        StringAssert.Contains(output, "identical after reload: True");
        StringAssert.Contains(output, "conditional: True");
        Assert.IsGreaterThanOrEqualTo(5, InlinePngs(cells), "loss curves, last training grid, one row per class, one class, interpolation");
        AssertFiles(run, "model.zip", "loss_curve.png", "per_class.png", "sneakers.png", "interpolation.png");
    });

    [TestMethod]
    public Task TheGanGameNotebookPlotsGradientsStepsCollapseAndEquilibrium() => RunAndCheck("2-the-gan-game.ipynb", "gan-game-run", (cells, output, run) =>
    {
        StringAssert.Contains(output, "modes covered without remedy:");
        StringAssert.Contains(output, "modes covered with remedy:");
        StringAssert.Contains(output, "minimax: mean |grad G|");
        Assert.IsGreaterThanOrEqualTo(5, InlinePngs(cells), "gradient curves, loss comparison, k steps, two rings, D outputs");
        AssertFiles(run, "generator_gradients.png", "loss_gradient_norms.png", "discriminator_steps.png", "ring_collapse.png", "d_outputs.png");
    });

    [TestMethod]
    public Task TheAugmentationNotebookComparesAccuracyWithAndWithoutSyntheticRows() => RunAndCheck("3-augmentation.ipynb", "augmentation-run", (cells, output, run) =>
    {
        var accuracy = AccuracyLine().Matches(output);
        Assert.HasCount(2, accuracy, $"one accuracy line for real rows alone and one with synthetic rows:\n{output}");
        foreach (Match line in accuracy)
        {
            var value = double.Parse(line.Groups["accuracy"].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(value is > 0 and <= 1, $"accuracy {value} is a fraction");
        }

        Assert.IsGreaterThanOrEqualTo(2, InlinePngs(cells), "synthetic samples and the accuracy chart");
        AssertFiles(run, "synthetic_rows.png", "accuracy.png");
    });

    [TestMethod]
    public Task TheColorizationNotebookColorizesHeldOutEmojiKeepingTheirLumaAndScoresThem() => RunAndCheck("4-colorization.ipynb", "colorization-run", (cells, output, run) =>
    {
        StringAssert.Contains(output, "training: 64, held out: 16");
        var luma = LumaChangeLine().Match(output);
        Assert.IsTrue(luma.Success, $"a luma change line:\n{output}");
        Assert.IsLessThanOrEqualTo(0.5, Number(luma.Groups["change"].Value), "the colorizer keeps each pixel's gray value within the rounding to bytes");

        var scores = ScoreLine().Matches(output).ToDictionary(m => m.Groups["method"].Value);
        Assert.HasCount(3, scores, $"one score line each for the gray input, the colorized and the true colors:\n{output}");
        Assert.AreEqual(0.0, Number(scores["gray input"].Groups["colorfulness"].Value), "a gray image has no colorfulness");
        Assert.AreEqual("inf", scores["true colors"].Groups["psnr"].Value, "the truth against itself");
        Assert.AreEqual(1.0, Number(scores["true colors"].Groups["ssim"].Value));
        var colorized = scores["colorized"];
        Assert.IsTrue(Number(colorized.Groups["psnr"].Value) is > 5 and < 60, $"colorized PSNR: {colorized.Value}");
        Assert.IsTrue(Number(colorized.Groups["ssim"].Value) is > 0 and <= 1, $"colorized SSIM: {colorized.Value}");

        Assert.IsGreaterThanOrEqualTo(2, InlinePngs(cells), "the loss curves and the gray / colorized / truth grid");
        AssertFiles(run, "loss_curve.png", "comparison.png");
    });

    private static double Number(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [TestMethod]
    public async Task AFailingCellIsReportedWithTheNotebookItsNumberAndTheError()
    {
        var work = Directory.CreateTempSubdirectory("mlnetgan-notebook-");
        try
        {
            var path = Path.Combine(work.FullName, "broken.ipynb");
            File.WriteAllText(path, JsonSerializer.Serialize(new
            {
                cells = new object[]
                {
                    new { cell_type = "markdown", metadata = new { }, source = new[] { "# A notebook whose third cell throws" } },
                    Code("var answer = 6 * 7;"),
                    Code("if (answer == 42) throw new InvalidOperationException(\"the answer was \" + answer);"),
                    Code("Console.WriteLine(\"never runs\");"),
                },
                metadata = new { kernelspec = new { name = ".net-csharp", language = "C#", display_name = ".NET (C#)" } },
                nbformat = 4,
                nbformat_minor = 5,
            }));

            var e = await Assert.ThrowsExactlyAsync<NotebookCellFailedException>(() => NotebookRunner.NotebookRunner.RunAsync(path, work.FullName, CellTimeout));
            Assert.AreEqual("broken.ipynb", e.Notebook);
            Assert.AreEqual(3, e.CellNumber);
            StringAssert.Contains(e.Message, "broken.ipynb: cell 3 failed:");
            StringAssert.Contains(e.Message, "the answer was 42");
        }
        finally
        {
            work.Delete(recursive: true);
        }

        static object Code(string source) => new
        {
            cell_type = "code",
            execution_count = (int?)null,
            metadata = new { polyglot_notebook = new { kernelName = "csharp" } },
            outputs = Array.Empty<object>(),
            source = new[] { source },
        };
    }

    [TestMethod]
    public void EveryNotebookPinsThePackagesTheRepositoryPinsAndStoresOutputsOfARun()
    {
        var notebooks = Directory.GetFiles(Path.Combine(RepoRoot(), "notebooks"), "*.ipynb").Order().ToList();
        Assert.IsGreaterThanOrEqualTo(3, notebooks.Count);
        var pinned = XDocument.Load(Path.Combine(RepoRoot(), "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        foreach (var path in notebooks)
        {
            var document = NotebookRunner.NotebookRunner.Read(path);
            var code = document.Elements.Where(e => e.KernelName == "csharp").ToList();
            Assert.IsNotEmpty(code, path);
            foreach (Match package in PackageReference().Matches(string.Join('\n', code.Select(c => c.Contents))))
            {
                var (name, version) = (package.Groups["name"].Value, package.Groups["version"].Value);
                Assert.IsTrue(pinned.TryGetValue(name, out var expected), $"{path}: #r \"nuget: {name}\" is not a package the repository pins");
                Assert.AreEqual(expected, version, $"{path}: #r \"nuget: {name}\" pins another version than Directory.Packages.props");
            }

            // Stored outputs: every code cell ran (an execution count) and the notebook shows at least one picture.
            Assert.IsTrue(code.All(c => c.ExecutionOrder > 0), $"{path}: every code cell has stored outputs from a run");
            var data = code.SelectMany(c => c.Outputs).SelectMany(o => o switch
            {
                Microsoft.DotNet.Interactive.Documents.DisplayElement d => d.Data.Values,
                Microsoft.DotNet.Interactive.Documents.ReturnValueElement r => r.Data.Values,
                _ => [],
            });
            Assert.IsTrue(data.Any(v => JsonSerializer.Serialize(v).Contains("data:image/png;base64,", StringComparison.Ordinal)), $"{path}: a stored picture");
        }
    }

    [GeneratedRegex("data:image/png;base64,(?<data>[A-Za-z0-9+/=]+)")]
    private static partial Regex InlinePng();

    [GeneratedRegex("#r\\s+\"nuget:\\s*(?<name>[^,\"]+?)\\s*,\\s*(?<version>[^\"]+?)\\s*\"")]
    private static partial Regex PackageReference();

    [GeneratedRegex("(?<method>gray input|colorized|true colors): PSNR (?<psnr>inf|[0-9.]+) dB, SSIM (?<ssim>[0-9.]+), colorfulness (?<colorfulness>[0-9.]+)")]
    private static partial Regex ScoreLine();

    [GeneratedRegex("largest luma change: (?<change>[0-9.]+)")]
    private static partial Regex LumaChangeLine();

    [GeneratedRegex("accuracy on the real test set \\((?<kind>[^)]+)\\): (?<accuracy>[0-9.]+)")]
    private static partial Regex AccuracyLine();
}
