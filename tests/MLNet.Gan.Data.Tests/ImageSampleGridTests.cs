// Sample grid layout: size, tile placement, label ink, scaling and argument checks.
namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class ImageSampleGridTests
{
    private static MLImage Tile(byte value) => MLImage.CreateFromPixels(28, 28, 1, Enumerable.Repeat(value, 28 * 28).ToArray());

    private static byte[] Rgb(MLImage image, int x, int y) => image.Pixels[(((y * image.Width) + x) * 3)..((((y * image.Width) + x) * 3) + 3)];

    [TestMethod]
    public void GridWithoutLabelsHasTheComputedSizeAndTilesInPlace()
    {
        var tiles = Enumerable.Range(0, 5).Select(i => Tile((byte)(10 * (i + 1)))).ToList();
        var grid = SampleGrid.Compose(tiles, columns: 3, padding: 2);
        // width: 2 + 3*(28+2) = 92; height: 2 + 2*(28+2) = 62
        Assert.AreEqual((92, 62, 3), (grid.Width, grid.Height, grid.Channels));
        CollectionAssert.AreEqual(new byte[] { 10, 10, 10 }, Rgb(grid, 2, 2));
        CollectionAssert.AreEqual(new byte[] { 30, 30, 30 }, Rgb(grid, 2 + 60 + 27, 2 + 27));
        CollectionAssert.AreEqual(new byte[] { 50, 50, 50 }, Rgb(grid, 2 + 30, 2 + 30));
        CollectionAssert.AreEqual(SampleGrid.Background, Rgb(grid, 0, 0));
        CollectionAssert.AreEqual(SampleGrid.Background, Rgb(grid, 2 + 60 + 5, 2 + 30 + 5), "the missing sixth tile is background");
    }

    [TestMethod]
    public void RowLabelsAreDrawnLeftOfTheirRows()
    {
        var tiles = Enumerable.Range(0, 4).Select(_ => Tile(0)).ToList();
        var labels = new[] { "Bag", "Ankle boot" };
        var grid = SampleGrid.Compose(tiles, columns: 2, rowLabels: labels, padding: 2);
        var labelWidth = 2 + BitmapFont.MeasureWidth("Ankle boot"); // 2 + 59
        Assert.AreEqual(labelWidth + 2 + (2 * 30), grid.Width);

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
                        var expected = BitmapFont.IsInk(text[i], x, y) ? SampleGrid.TextColor : SampleGrid.Background;
                        CollectionAssert.AreEqual(expected, Rgb(grid, 2 + (i * 6) + x, top + y), $"row {row} '{text[i]}' ({x},{y})");
                        inkFound += BitmapFont.IsInk(text[i], x, y) ? 1 : 0;
                    }
                }
            }

            Assert.IsGreaterThan(20, inkFound);
        }
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
        var one = SampleGrid.Compose(tiles, 1, new[] { "A" }, padding: 1);
        var three = SampleGrid.Compose(tiles, 1, new[] { "A" }, padding: 1, scale: 3);
        Assert.AreEqual((one.Width * 3, one.Height * 3), (three.Width, three.Height));
        for (var y = 0; y < three.Height; y++)
        {
            for (var x = 0; x < three.Width; x++)
            {
                CollectionAssert.AreEqual(Rgb(one, x / 3, y / 3), Rgb(three, x, y));
            }
        }
    }

    [TestMethod]
    public void WriteProducesAPngOfTheGrid()
    {
        var dir = ImageFixtures.TempFolder();
        try
        {
            var tiles = Enumerable.Range(0, 6).Select(i => Tile((byte)(40 * i))).ToList();
            var path = Path.Combine(dir, "grid.png");
            SampleGrid.Write(path, tiles, 3, new[] { "T-shirt/top", "Sneaker" }, padding: 2, scale: 2);
            var back = MLImage.CreateFromFile(path);
            CollectionAssert.AreEqual(SampleGrid.Compose(tiles, 3, new[] { "T-shirt/top", "Sneaker" }, 2, 2).Pixels, back.Pixels);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void MixedSizesAndWrongLabelCountsAreRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => SampleGrid.Compose(new[] { Tile(0), MLImage.CreateFromPixels(2, 2, 1, new byte[4]) }, 2));
        StringAssert.Contains(e.Message, "image 1 is 2x2");
        var l = Assert.ThrowsExactly<ArgumentException>(() => SampleGrid.Compose(new[] { Tile(0), Tile(1), Tile(2) }, 2, new[] { "one" }));
        StringAssert.Contains(l.Message, "expected 2 row labels, found 1");
    }
}
