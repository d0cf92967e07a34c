// Sample grid layout: size, tile placement, label text in its row band, scaling, PNG writing and argument checks.
using Microsoft.ML.Data;
using MLNet.Gan.Imaging;

namespace MLNet.Gan.Tests.Imaging;

[TestClass]
public sealed class SampleGridTests
{
    private static readonly byte[] s_background = [SampleGrid.Background.R, SampleGrid.Background.G, SampleGrid.Background.B];
    private static readonly byte[] s_text = [SampleGrid.TextColor.R, SampleGrid.TextColor.G, SampleGrid.TextColor.B];

    private static MLImage Tile(byte value) => Pixels.Gray(28, 28, value);

    [TestMethod]
    public void GridWithoutLabelsHasTheComputedSizeAndTilesInPlace()
    {
        var tiles = Enumerable.Range(0, 5).Select(i => Tile((byte)(10 * (i + 1)))).ToList();
        using var grid = SampleGrid.Compose(tiles, columns: 3, padding: 2);
        // width: 2 + 3*(28+2) = 92; height: 2 + 2*(28+2) = 62
        Assert.AreEqual((92, 62), (grid.Width, grid.Height));
        CollectionAssert.AreEqual(new byte[] { 10, 10, 10 }, Pixels.Rgb(grid, 2, 2));
        CollectionAssert.AreEqual(new byte[] { 30, 30, 30 }, Pixels.Rgb(grid, 2 + 60 + 27, 2 + 27));
        CollectionAssert.AreEqual(new byte[] { 50, 50, 50 }, Pixels.Rgb(grid, 2 + 30, 2 + 30));
        CollectionAssert.AreEqual(s_background, Pixels.Rgb(grid, 0, 0));
        CollectionAssert.AreEqual(s_background, Pixels.Rgb(grid, 2 + 60 + 5, 2 + 30 + 5), "the missing sixth tile is background");
    }

    // Pixels of (x0..x1, y0..y1) brighter than the background by more than 60 in every channel: label ink.
    private static int Ink(MLImage grid, int x0, int x1, int y0, int y1)
    {
        var count = 0;
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                count += Pixels.Rgb(grid, x, y).All(c => c > SampleGrid.Background.R + 60) ? 1 : 0;
            }
        }

        return count;
    }

    [TestMethod]
    public void RowLabelsAreDrawnLeftOfTheirRows()
    {
        var tiles = Enumerable.Range(0, 4).Select(_ => Tile(0)).ToList();
        var labels = new[] { "Bag", "Ankle boot" };
        using var plain = SampleGrid.Compose(tiles, columns: 2, padding: 2);
        using var grid = SampleGrid.Compose(tiles, columns: 2, rowLabels: labels, padding: 2);
        var labelWidth = 2 + SampleGrid.MeasureLabel("Ankle boot");
        Assert.IsGreaterThan(SampleGrid.MeasureLabel("Bag"), SampleGrid.MeasureLabel("Ankle boot"));
        Assert.AreEqual(labelWidth + plain.Width, grid.Width);
        Assert.AreEqual(plain.Height, grid.Height);

        // Each row's label puts ink in its own row band of the label column, beginning after the padding.
        var bag = Ink(grid, 2, 2 + SampleGrid.MeasureLabel("Bag"), 2, 30);
        var ankle = Ink(grid, 2, labelWidth, 32, 60);
        Assert.IsGreaterThan(15, bag, "'Bag' is drawn in row 0");
        Assert.IsGreaterThan(bag, ankle, "'Ankle boot' has more ink than 'Bag'");
        Assert.AreEqual(0, Ink(grid, 0, 2, 0, grid.Height), "nothing in the left padding");
        Assert.AreEqual(0, Ink(grid, 2 + SampleGrid.MeasureLabel("Bag") + 1, labelWidth, 2, 30), "'Bag' ends where it measures");

        // The tiles moved right by the label column and are unchanged.
        for (var x = 0; x < plain.Width; x += 5)
        {
            CollectionAssert.AreEqual(Pixels.Rgb(plain, x, 15), Pixels.Rgb(grid, labelWidth + x, 15), $"x {x}");
        }
    }

    [TestMethod]
    public void ScaleEnlargesEveryTilePixelAndDrawsLabelsAtScale()
    {
        var tiles = new[] { Tile(200) };
        using var one = SampleGrid.Compose(tiles, 1, ["A"], padding: 1);
        using var three = SampleGrid.Compose(tiles, 1, ["A"], padding: 1, scale: 3);
        Assert.AreEqual((one.Width * 3, one.Height * 3), (three.Width, three.Height));
        var labelColumn = 1 + SampleGrid.MeasureLabel("A");
        for (var y = 0; y < three.Height; y++)
        {
            for (var x = labelColumn * 3; x < three.Width; x++)
            {
                CollectionAssert.AreEqual(Pixels.Rgb(one, x / 3, y / 3), Pixels.Rgb(three, x, y));
            }
        }

        // The label is drawn at three times the font size, so it covers several times the ink.
        Assert.IsGreaterThan(4 * Ink(one, 0, labelColumn, 0, one.Height), Ink(three, 0, labelColumn * 3, 0, three.Height));
    }

    [TestMethod]
    public void ColourTilesKeepTheirColoursAndAlphaIsBlended()
    {
        using var colour = Pixels.Pattern(3, 2, MLPixelFormat.Rgba32);
        var half = new byte[3 * 2 * 4];
        for (var o = 0; o < half.Length; o += 4)
        {
            (half[o], half[o + 1], half[o + 2], half[o + 3]) = (255, 255, 255, 128);
        }

        using var translucent = MLImage.CreateFromPixels(3, 2, MLPixelFormat.Rgba32, half);
        using var grid = SampleGrid.Compose([colour, translucent], columns: 2, padding: 1);
        CollectionAssert.AreEqual(Pixels.Rgb(colour, 2, 1), Pixels.Rgb(grid, 1 + 2, 1 + 1));
        var blended = (byte)(((255 * 128) + (48 * 127) + 127) / 255);
        CollectionAssert.AreEqual(new[] { blended, blended, blended }, Pixels.Rgb(grid, 1 + 4, 1));
    }

    [TestMethod]
    public void SaveWritesADecodablePngOfTheGridAndNoTemporaryFile()
    {
        using var folder = new TempFolder();
        var tiles = Enumerable.Range(0, 6).Select(i => Tile((byte)(40 * i))).ToList();
        var path = Path.Combine(folder.Path, "grids", "grid.png");
        SampleGrid.Save(path, tiles, 3, ["T-shirt/top", "Sneaker"], padding: 2, scale: 2);
        using var expected = SampleGrid.Compose(tiles, 3, ["T-shirt/top", "Sneaker"], 2, 2);
        using var back = MLImage.CreateFromFile(path);
        Assert.AreEqual((expected.Width, expected.Height), (back.Width, back.Height));
        for (var y = 0; y < back.Height; y += 3)
        {
            for (var x = 0; x < back.Width; x += 3)
            {
                CollectionAssert.AreEqual(Pixels.Rgb(expected, x, y), Pixels.Rgb(back, x, y), $"({x}, {y})");
            }
        }

        CollectionAssert.AreEqual(new[] { "grid.png" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).ToArray());
        var e = Assert.ThrowsExactly<ArgumentException>(() => SampleGrid.Save(Path.Combine(folder.Path, "grid.jpg"), tiles, 3));
        Assert.Contains(".png", e.Message);
    }

    [TestMethod]
    public void MixedSizesAndWrongLabelCountsAreRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => SampleGrid.Compose([Tile(0), Pixels.Gray(2, 2, 0)], 2));
        Assert.Contains("image 1 is 2x2", e.Message);
        var l = Assert.ThrowsExactly<ArgumentException>(() => SampleGrid.Compose([Tile(0), Tile(1), Tile(2)], 2, ["one"]));
        Assert.Contains("expected 2 row labels, found 1", l.Message);
        Assert.ThrowsExactly<ArgumentException>(() => SampleGrid.Compose([], 2));
    }
}
