// Sample grid layout: size, tile placement, label ink where the font says, scaling, PNG writing and argument checks.
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

    [TestMethod]
    public void RowLabelsAreDrawnLeftOfTheirRows()
    {
        var tiles = Enumerable.Range(0, 4).Select(_ => Tile(0)).ToList();
        var labels = new[] { "Bag", "Ankle boot" };
        using var plain = SampleGrid.Compose(tiles, columns: 2, padding: 2);
        using var grid = SampleGrid.Compose(tiles, columns: 2, rowLabels: labels, padding: 2);
        var labelWidth = 2 + BitmapFont.MeasureWidth("Ankle boot"); // 2 + 59
        Assert.AreEqual(labelWidth + plain.Width, grid.Width);
        Assert.AreEqual(plain.Height, grid.Height);

        for (var row = 0; row < 2; row++)
        {
            var top = 2 + (row * 30) + ((28 - 7) / 2);
            var text = labels[row];
            var inkFound = 0;
            for (var i = 0; i < text.Length; i++)
            {
                for (var y = 0; y < 7; y++)
                {
                    for (var x = 0; x < 5; x++)
                    {
                        var ink = BitmapFont.IsInk(text[i], x, y);
                        CollectionAssert.AreEqual(ink ? s_text : s_background, Pixels.Rgb(grid, 2 + (i * 6) + x, top + y), $"row {row} '{text[i]}' ({x},{y})");
                        inkFound += ink ? 1 : 0;
                    }
                }
            }

            Assert.IsGreaterThan(20, inkFound);
        }

        // The tiles moved right by the label column and are unchanged.
        CollectionAssert.AreEqual(Pixels.Rgb(plain, 2, 2), Pixels.Rgb(grid, labelWidth + 2, 2));
    }

    [TestMethod]
    public void EveryPrintableGlyphHasInkExceptSpace()
    {
        for (var c = '!'; c <= '~'; c++)
        {
            var ink = Enumerable.Range(0, 35).Count(k => BitmapFont.IsInk(c, k % 5, k / 5));
            Assert.IsGreaterThan(0, ink, $"'{c}' is blank");
        }

        Assert.IsFalse(Enumerable.Range(0, 35).Any(k => BitmapFont.IsInk(' ', k % 5, k / 5)));
    }

    [TestMethod]
    public void ScaleEnlargesEveryPixel()
    {
        var tiles = new[] { Tile(200) };
        using var one = SampleGrid.Compose(tiles, 1, ["A"], padding: 1);
        using var three = SampleGrid.Compose(tiles, 1, ["A"], padding: 1, scale: 3);
        Assert.AreEqual((one.Width * 3, one.Height * 3), (three.Width, three.Height));
        for (var y = 0; y < three.Height; y++)
        {
            for (var x = 0; x < three.Width; x++)
            {
                CollectionAssert.AreEqual(Pixels.Rgb(one, x / 3, y / 3), Pixels.Rgb(three, x, y));
            }
        }
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
