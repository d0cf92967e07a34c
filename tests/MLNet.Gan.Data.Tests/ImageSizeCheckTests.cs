// An image column of fixed size holding an image of another size: each place that checks it names the column,
// the row, the size the type says and the size found.
using MLNet.Gan.Data;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class ImageSizeCheckTests
{
    private static readonly MLImage TwoByTwo = MLImage.CreateFromPixels(2, 2, 1, [1, 2, 3, 4]);
    private static readonly MLImage ThreeByTwo = MLImage.CreateFromPixels(3, 2, 1, [1, 2, 3, 4, 5, 6]);

    [TestMethod]
    public void EnumerableRowWithAnImageOfAnotherSizeIsNamed()
    {
        var ctx = new GanContext();
        var rows = new[] { new PictureRow { Id = 0, Picture = TwoByTwo }, new PictureRow { Id = 1, Picture = ThreeByTwo } };
        var data = ctx.Data.LoadFromEnumerable(rows);
        Assert.AreEqual(new ImageDataViewType(2, 2), data.Schema["Picture"].Type);
        CollectionAssert.AreEqual(new[] { 0, 1 }, data.GetColumn<int>("Id").ToArray(), "other columns read without the check");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => data.GetColumn<MLImage>("Picture").ToList());
        AssertNames(e.Message, "'Picture'", "row 1 (0-based)");
    }

    [TestMethod]
    public void InMemoryBuilderRejectsAnImageOfAnotherSize()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(
            () => new InMemoryDataView.Builder().AddColumn("Photo", new ImageDataViewType(2, 2), new[] { TwoByTwo, TwoByTwo, ThreeByTwo }));
        AssertNames(e.Message, "'Photo'", "row 2 (0-based)");

        // A variable-size column takes any size, and null (no image) is left to the readers.
        var any = new InMemoryDataView.Builder().AddColumn("Photo", new ImageDataViewType(), new[] { TwoByTwo, ThreeByTwo }).ToDataView();
        Assert.AreEqual(2L, any.GetRowCount());
        new InMemoryDataView.Builder().AddColumn("Photo", new ImageDataViewType(2, 2), new MLImage[] { TwoByTwo, null! });
    }

    [TestMethod]
    public void ExtractPixelsNamesAnImageOfAnotherSizeThanItsType()
    {
        var ctx = new GanContext();
        var any = new InMemoryDataView.Builder().AddColumn("Photo", new ImageDataViewType(), new[] { TwoByTwo, TwoByTwo, ThreeByTwo }).ToDataView();
        var claimed = new FixedSizeClaim(2, 2).Transform(any);
        Assert.AreEqual(new ImageDataViewType(2, 2), claimed.Schema["Sized"].Type);
        var pixels = ctx.Transforms.ExtractPixels("Pixels", "Sized", ImagePixelExtractingEstimator.ColorBits.Gray).Fit(claimed).Transform(claimed);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => pixels.GetColumn<VBuffer<float>>("Pixels").ToList());
        AssertNames(e.Message, "'Sized'", "row 2 (0-based)");
        StringAssert.Contains(e.Message, "ExtractPixels");
    }

    // Every message names the size the type says and the size found, as width x height.
    private static void AssertNames(string message, string column, string row)
    {
        StringAssert.Contains(message, column);
        StringAssert.Contains(message, row);
        StringAssert.Contains(message, "expected a 2x2 (width x height) image");
        StringAssert.Contains(message, "found 3x2");
    }

    public sealed class PictureRow
    {
        public int Id;

        [ImageType(2, 2)]
        public MLImage? Picture;
    }

    /// <summary>Copies "Photo" to "Sized" typed Image&lt;height, width&gt; without checking: a transform that is wrong about its sizes.</summary>
    private sealed class FixedSizeClaim(int height, int width) : OneToOneTransformerBase(("Sized", "Photo"))
    {
        protected override DataViewType GetOutputType(int pairIndex, DataViewSchema.Column inputColumn) => new ImageDataViewType(height, width);

        protected override Delegate MakeGetter(DataViewRow input, int pairIndex, DataViewSchema.Column inputColumn, out Action? disposer)
        {
            disposer = null;
            return input.GetGetter<MLImage>(inputColumn);
        }

        protected override void SaveModel(ModelSaveContext ctx) => throw new NotSupportedException("a test transform");
    }
}
