// Every notebook in notebooks/ runs top to bottom in the real notebook host (dotnet-interactive, the one Polyglot
// Notebooks runs) on the repository's packages, packed once into a local feed (small budget, from notebooks.runsettings),
// and shows what its text promises; a failing cell is reported by notebook, number and error.
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MLNet.Gan.NotebookRunner;

namespace MLNet.Gan.Notebooks.Tests;

[TestClass]
public sealed partial class NotebookTests
{
    private static readonly TimeSpan CellTimeout = TimeSpan.FromMinutes(5);
    private static PackageFeed? feed;
    private static string? host;

    private static PackageFeed Feed => feed ?? throw new InvalidOperationException("the packages were not packed");

    private static string Host => host ?? throw new InvalidOperationException("the notebook host was not installed");

    [ClassInitialize]
    public static void PackAndInstallTheHost(TestContext context)
    {
        feed = PackageFeed.PackTemporary(RepoRoot());
        host = NotebookHost.Install(RepoRoot());
    }

    [ClassCleanup]
    public static void DeleteTheFeed() => feed?.Dispose();

    private static string RepoRoot() => ChildProcess.RepoRoot();

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
            var (_, cells) = await NotebookRunner.NotebookRunner.RunAsync(NotebookPath(name), Host, Feed, work.FullName, CellTimeout);
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

    [TestMethod]
    public Task TheTabularNotebookTrainsOnARealTableEvaluatesAndGeneratesOneClass() => RunAndCheck("5-tabular.ipynb", "tabular-run", (cells, output, run) =>
    {
        StringAssert.Contains(output, "columns: churn (String), female (Int32)");
        StringAssert.Contains(output, "trained 30 steps on ");
        StringAssert.Contains(output, "Machine-learning efficacy (label `churn`");
        StringAssert.Contains(output, "| LightGbm |");
        StringAssert.Contains(output, "| total_charges | KS |");
        StringAssert.Contains(output, "conditioned rows with churn = Yes: 200 of 200");
        Assert.IsGreaterThanOrEqualTo(1, InlinePngs(cells), "real and synthetic monthly charges");
        AssertFiles(run, "model.zip", "monthly_charges.png", "evaluation.md");
    });

    private static double Number(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [TestMethod]
    public async Task TheHostLoadsTheExtensionFromTheFeedRunsTorchAndShowsImagesAndPlotsWithNoRegistrationCode()
    {
        var work = Directory.CreateTempSubdirectory("mlnetgan-notebook-");
        try
        {
            using var kernel = new NotebookHost(Host, work.FullName);

            // What a notebook user writes: the local package source, the TorchSharp backend, the extension.
            var restore = await kernel.SubmitAsync(
                $"#i \"nuget: {Feed.Folder}\"\n#r \"nuget: TorchSharp-cpu, 0.107.0\"\n#r \"nuget: MLNet.Gan.Interactive, {Feed.Version}\"", CellTimeout);
            Assert.AreEqual("CommandSucceeded", NotebookHost.EventType(restore[^1]), kernel.Transcript);
            Assert.IsTrue(restore.Any(e => NotebookHost.EventType(e) == "KernelExtensionLoaded"),
                $"the host loaded no kernel extension from MLNet.Gan.Interactive {Feed.Version}:\n{kernel.Transcript}");

            // TorchSharp runs from its package folder here; on a system whose libstdc++ lacks GLIBCXX_3.4.32 the extension
            // has readied the copy TorchSharp gathers there (weak), and the package's own file is left as it was.
            var torch = await kernel.SubmitAsync(
                "var sum = TorchSharp.torch.arange(5).sum().item<long>();\n" +
                "var prepared = MLNet.Gan.Runtime.TorchRuntime.PrepareNativeLibrary();\n" +
                "Console.WriteLine($\"sum {sum}; {prepared.State} {prepared.Path}; torchsharp {typeof(TorchSharp.torch).Assembly.Location}\");", CellTimeout);
            var line = Printed(torch);
            Assert.AreEqual("CommandSucceeded", NotebookHost.EventType(torch[^1]), $"{line}\n{kernel.Transcript}");
            StringAssert.StartsWith(line, "sum 10; ", kernel.Transcript);
            var torchSharp = line[(line.IndexOf("torchsharp ", StringComparison.Ordinal) + "torchsharp ".Length)..].Trim();
            var packaged = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(torchSharp)!, "..", "..", "runtimes", "linux-x64", "native", "libLibTorchSharp.so"));
            Assert.IsTrue(File.Exists(packaged), $"TorchSharp ran from its package folder ({torchSharp})");
            Assert.IsFalse(NeedIsWeak(packaged), "the package's own libLibTorchSharp.so is left as it was");
            if (SystemLacksGlibcxx332())
            {
                var gathered = Path.Combine(Path.GetDirectoryName(torchSharp)!, "cpu", "libLibTorchSharp.so");
                StringAssert.Contains(line, $"AlreadyWeak {gathered}", "the extension readied the gathered copy as it loaded");
                Assert.IsTrue(NeedIsWeak(gathered), $"{gathered} asks for GLIBCXX_3.4.32 weakly");
            }
            else
            {
                StringAssert.Contains(line, "NotNeeded", "the system has GLIBCXX_3.4.32: nothing to ready");
            }

            // A 4x2 MLImage as a cell's value: one PNG, enlarged 3x.
            var image = await kernel.SubmitAsync(
                "var pixels = Enumerable.Range(0, 32).Select(i => (byte)(i % 4 == 3 ? 255 : 40 * (i / 4))).ToArray();\n" +
                "Microsoft.ML.Data.MLImage.CreateFromPixels(4, 2, Microsoft.ML.Data.MLPixelFormat.Rgba32, pixels)", CellTimeout);
            Assert.AreEqual((12, 6), PngSize(SingleInlinePng(image, kernel)), "the shown image's size");

            // The notebook's own ScottPlot code compiles (the extension referenced ScottPlot) and its plot shows as a PNG.
            var plot = await kernel.SubmitAsync(
                "using ScottPlot;\nvar plot = new Plot();\nplot.Add.Scatter(new double[] { 1, 2, 3 }, new double[] { 4, 1, 3 });\nplot", CellTimeout);
            Assert.AreEqual((720, 420), PngSize(SingleInlinePng(plot, kernel)), "the plot at GanFormatters.PlotSize");
        }
        finally
        {
            work.Delete(recursive: true);
        }

        static string Printed(List<JsonObject> events) => NotebookHost.Printed(events) + NotebookHost.Errors(events);
    }

    private static byte[] SingleInlinePng(List<JsonObject> events, NotebookHost kernel)
    {
        var html = events.Where(e => NotebookHost.EventType(e) == "ReturnValueProduced").SelectMany(NotebookHost.FormattedValues)
            .Where(v => v.MimeType == "text/html").Select(v => v.Value).ToList();
        Assert.HasCount(1, html, $"the cell's value came back as:\n{kernel.Transcript}");
        var data = InlinePng().Match(html[0]);
        Assert.IsTrue(data.Success, $"no PNG in the shown value: {html[0]}");
        return Convert.FromBase64String(data.Groups["data"].Value);
    }

    // A PNG's width and height, from its IHDR chunk (bytes 16 to 23, big-endian).
    private static (int Width, int Height) PngSize(byte[] png)
    {
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4).ToArray(), "a PNG signature");
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    private static bool NeedIsWeak(string library) =>
        MLNet.Gan.Build.ElfVersionNeeds.List(library).Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak;

    private static bool SystemLacksGlibcxx332()
    {
        var libstdcxx = MLNet.Gan.Build.ElfVersionNeeds.FindSystemLibrary("libstdc++.so.6", MLNet.Gan.Build.ElfVersionNeeds.ProcessMachine);
        Assert.IsNotNull(libstdcxx, "the system's libstdc++.so.6");
        return !MLNet.Gan.Build.ElfVersionNeeds.DefinesVersion(libstdcxx, "GLIBCXX_3.4.32");
    }

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

            var e = await Assert.ThrowsExactlyAsync<NotebookCellFailedException>(() => NotebookRunner.NotebookRunner.RunAsync(path, Host, Feed, work.FullName, CellTimeout));
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
    public void EveryNotebookTakesTheLibraryFromTheLocalFeedPinsThePackagesTheRepositoryPinsAndStoresOutputsOfARun()
    {
        var notebooks = Directory.GetFiles(Path.Combine(RepoRoot(), "notebooks"), "*.ipynb").Order().ToList();
        Assert.IsGreaterThanOrEqualTo(3, notebooks.Count);
        var pinned = XDocument.Load(Path.Combine(RepoRoot(), "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);

        // The repository's own packages carry the version dotnet pack gives them (Directory.Build.props).
        var packed = XDocument.Load(Path.Combine(RepoRoot(), "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;
        foreach (var id in PackageFeed.PackageIds)
        {
            pinned[id] = packed;
        }

        foreach (var path in notebooks)
        {
            var document = NotebookRunner.NotebookRunner.Read(path);
            var code = document.Elements.Where(e => e.KernelName == "csharp").ToList();
            Assert.IsNotEmpty(code, path);
            var source = string.Join('\n', code.Select(c => c.Contents));
            foreach (Match package in PackageReference().Matches(source))
            {
                var (name, version) = (package.Groups["name"].Value, package.Groups["version"].Value);
                Assert.IsTrue(pinned.TryGetValue(name, out var expected), $"{path}: #r \"nuget: {name}\" is not a package the repository pins or packs");
                Assert.AreEqual(expected, version, $"{path}: #r \"nuget: {name}\" pins another version than the repository");
            }

            // As a user would: the local package source (artifacts/packages, found from the notebook's folder since #i takes an
            // absolute path, or MLNETGAN_PACKAGES), then the extension (which brings the library); no assembly paths.
            StringAssert.Contains(source, $"Environment.GetEnvironmentVariable(\"{PackageFeed.Variable}\") ?? System.IO.Path.GetFullPath(\"../artifacts/packages\")", $"{path}: the local package source");
            StringAssert.Contains(source, "Kernel.Current.DeferCommand(new SubmitCode($\"#i \\\"nuget: {localPackages}\\\"\"));", $"{path}: the #i of the local package source");
            StringAssert.Contains(source, $"#r \"nuget: MLNet.Gan.Interactive, {packed}\"", $"{path}: the extension package");
            Assert.IsFalse(AssemblyPathReference().IsMatch(source), $"{path}: references an assembly by path");

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

    [GeneratedRegex("#r\\s+\"(?!nuget:)[^\"]*\\.dll\"")]
    private static partial Regex AssemblyPathReference();

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
