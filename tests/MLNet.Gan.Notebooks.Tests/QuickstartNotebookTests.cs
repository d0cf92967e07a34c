using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Gan.Notebooks.Tests;

/// <summary>notebooks/quickstart.ipynb runs from top to bottom and shows what its text promises.</summary>
[TestClass]
public sealed partial class QuickstartNotebookTests
{
    private static readonly Assembly[] LibraryAssemblies =
        [typeof(MLContext).Assembly, typeof(MLImage).Assembly, typeof(TorchSharp.torch).Assembly, typeof(GanTransformer).Assembly];

    [TestMethod]
    public void QuickstartRunsEveryCellAndShowsItsImages()
    {
        var notebook = Notebook.Read(Path.Combine(RepoRoot(), "notebooks", "quickstart.ipynb"));
        var work = Directory.CreateTempSubdirectory("mlnetgan-notebook-");
        try
        {
            // The notebook trains for 60 s; 3 s is enough to exercise every cell.
            var run = NotebookKernel.Run(notebook, LibraryAssemblies, work.FullName,
                [("TimeSpan.FromSeconds(60)", "TimeSpan.FromSeconds(3)")]);

            StringAssert.Contains(run.Output, "60000 rows; classes: T-shirt/top, Trouser");
            StringAssert.Contains(run.Output, "identical after reload: True");
            StringAssert.Contains(run.Output, "conditional: True");
            StringAssert.Contains(run.Output, "real rows: 10000, with synthetic rows: 10500");
            Assert.IsTrue(run.CellValues.OfType<DataViewSchema>().Any(s => s.GetColumnOrNull("Label") is not null),
                "the Fashion-MNIST cell shows the schema with its Label column");

            // Samples, loss curve, one class, interpolation: four inline PNGs, each a real PNG file's bytes.
            var images = run.Displayed.OfType<HtmlContent>().Select(h => InlinePng().Match(h.Html)).ToList();
            Assert.HasCount(4, images);
            foreach (var image in images)
            {
                Assert.IsTrue(image.Success, "displayed HTML holds a base64 PNG");
                var bytes = Convert.FromBase64String(image.Groups["data"].Value);
                CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes.Take(4).ToArray());
            }

            var folder = Path.Combine(work.FullName, "quickstart-run");
            foreach (var file in new[] { "model.zip", "loss_curve.png", "sneakers.png", "interpolation.png", "samples_final.png" })
            {
                Assert.IsTrue(File.Exists(Path.Combine(folder, file)), $"the notebook wrote {file}");
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void EveryNotebookReferencesOnlyTheLibraryAndIsCSharp()
    {
        var notebooks = Directory.GetFiles(Path.Combine(RepoRoot(), "notebooks"), "*.ipynb");
        Assert.IsNotEmpty(notebooks);
        foreach (var path in notebooks)
        {
            var notebook = Notebook.Read(path);
            Assert.IsNotEmpty(notebook.Cells, path);
            foreach (var reference in notebook.ReferencedPaths())
            {
                var name = Path.GetFileNameWithoutExtension(reference);
                Assert.AreEqual("MLNet.Gan", name, $"{path}: #r \"{reference}\" names an assembly the library does not build");
            }

            // Packages: the ones the test loads, at the versions the repository pins in Directory.Packages.props.
            var pinned = XDocument.Load(Path.Combine(RepoRoot(), "Directory.Packages.props")).Descendants("PackageVersion")
                .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
            foreach (var (package, version) in notebook.ReferencedPackages())
            {
                CollectionAssert.Contains(NotebookKernel.PackagesLoaded, package, $"{path}: #r \"nuget: {package}\" is not a package the test loads");
                Assert.AreEqual(pinned[package], version, $"{path}: #r \"nuget: {package}\" pins another version than Directory.Packages.props");
            }
        }
    }

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

    [GeneratedRegex("data:image/png;base64,(?<data>[A-Za-z0-9+/=]+)")]
    private static partial Regex InlinePng();
}
