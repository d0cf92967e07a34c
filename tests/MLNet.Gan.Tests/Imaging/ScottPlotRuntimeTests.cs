// ScottPlot (SkiaSharp 3.119) and ML.NET's MLImage (SkiaSharp 2.88) work in one process: ScottPlot comes from its own
// load context, each SkiaSharp from where it belongs, and a plot's PNG decodes as an MLImage whose pixels read.
using System.Runtime.Loader;
using Microsoft.ML.Data;
using MLNet.Gan.Imaging;

namespace MLNet.Gan.Tests.Imaging;

[TestClass]
public sealed class ScottPlotRuntimeTests
{
    [TestMethod]
    public void ScottPlotRendersOnSkiaSharp3WhileMLImageKeepsSkiaSharp288()
    {
        var plot = new ScottPlot.Plot();
        plot.Add.ScatterLine(new double[] { 0, 1, 2 }, new double[] { 0, 1, 4 });
        var png = PlotImages.Png(plot, 200, 150);

        using var folder = new TempFolder();
        var path = folder.File("plot.png");
        PlotImages.Save(path, png);
        using var image = MLImage.CreateFromFile(path);
        Assert.AreEqual((200, 150), (image.Width, image.Height));
        Assert.AreEqual(200 * 150 * 4, image.Pixels.Length, "MLImage.Pixels runs on SkiaSharp 2.88");

        Assert.AreEqual("SkiaSharp3", AssemblyLoadContext.GetLoadContext(typeof(ScottPlot.Plot).Assembly)!.Name);
        var skia = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "SkiaSharp")
            .ToDictionary(a => a.GetName().Version!.Major, a => AssemblyLoadContext.GetLoadContext(a)!.Name);
        Assert.AreEqual("Default", skia[2], "ML.NET's SkiaSharp 2.88 in the default context");
        Assert.AreEqual("SkiaSharp3", skia[3], "ScottPlot's SkiaSharp 3 in its own");
    }

    [TestMethod]
    public void JoinPlacesImagesSideBySideAndRejectsWhatIsNotAnImage()
    {
        var a = PlotImages.Png(new ScottPlot.Plot(), 120, 80);
        var b = PlotImages.Png(new ScottPlot.Plot(), 60, 100);
        using var folder = new TempFolder();
        PlotImages.Save(folder.File("row.png"), PlotImages.Join([a, b]));
        PlotImages.Save(folder.File("column.png"), PlotImages.Join([a, b], vertical: true));
        using var row = MLImage.CreateFromFile(folder.File("row.png"));
        using var column = MLImage.CreateFromFile(folder.File("column.png"));
        Assert.AreEqual((180, 100), (row.Width, row.Height));
        Assert.AreEqual((120, 180), (column.Width, column.Height));

        var e = Assert.ThrowsExactly<ArgumentException>(() => PlotImages.Join([a, [1, 2, 3]]));
        Assert.Contains("image 1", e.Message);
        Assert.ThrowsExactly<ArgumentException>(() => PlotImages.Save(folder.File("plot.jpg"), a));
    }
}
