// Bad input to the colorizer gives one clear error naming the column, the row or the option, expected vs found:
// images with transparency, pixel vectors instead of images, images too small, gray-only training data, bad layouts.
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Colorization;

namespace MLNet.Gan.Tests.Colorization;

[TestClass]
public sealed class ColorizerBadInputTests
{
    [TestMethod]
    public void AnImageWithTransparencyIsRefusedNamingTheColumnRowAndPixelCount()
    {
        var ml = new MLContext(seed: 1);
        using var folder = new TempFolder();
        using (var opaque = ColorizerFixtures.RandomImage(8, 8, 1, gray: true))
        {
            opaque.Save(folder.File("a.png"));
        }

        var bgra = new byte[8 * 8 * 4];
        for (var p = 0; p < 64; p++)
        {
            (bgra[p * 4], bgra[(p * 4) + 1], bgra[(p * 4) + 2], bgra[(p * 4) + 3]) = (90, 90, 90, (byte)(p < 10 ? 0 : 255));
        }

        using (var seeThrough = MLImage.CreateFromPixels(8, 8, MLPixelFormat.Bgra32, bgra))
        {
            seeThrough.Save(folder.File("b.png"));
        }

        var data = ColorizerFixtures.LoadColorAndGray(ml, folder.Path);
        var output = ColorizerFixtures.Trained.Transform(data);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ColorizerFixtures.Column(output, "Colorized"));
        StringAssert.Contains(e.Message, "colorizer input column 'Gray', row 1");
        StringAssert.Contains(e.Message, "10 of 64 pixels have alpha < 255");
        StringAssert.Contains(e.Message, "composite it on a background first");
    }

    [TestMethod]
    public void APixelVectorColumnIsAWrongTypeNamingExpectedAndFound()
    {
        var ml = new MLContext(seed: 1);
        var rows = ml.Data.LoadFromEnumerable(new[] { new VectorRow { Gray = new float[16] } });
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ColorizerFixtures.Trained.GetOutputSchema(rows.Schema));
        StringAssert.Contains(e.Message, "Schema mismatch for colorizer input column 'Gray'");
        StringAssert.Contains(e.Message, "expected Image");
        StringAssert.Contains(e.Message, "got Vector<Single, 16>");
        StringAssert.Contains(e.Message, "colorize before ExtractPixels");

        var estimator = ml.Gan().Colorizers.Colorizer(ColorizerFixtures.Tiny());
        var fit = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(rows));
        StringAssert.Contains(fit.Message, "column 'Gray'");
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Gan().Colorizers.Colorizer(inputColumnName: "Photo").Fit(rows));
        StringAssert.Contains(missing.Message, "Could not find colorizer input column 'Photo'");
        StringAssert.Contains(missing.Message, "the data has: Gray");
    }

    [TestMethod]
    public void TrainingImagesSmallerThanTheImageSizeAreNamedByRowAndSize()
    {
        var ml = new MLContext(seed: 1);
        using var folder = new TempFolder();
        ColorizerFixtures.WriteShapes(folder.Path, count: 3, size: 32);
        using (var small = ColorizerFixtures.RandomImage(20, 40, 1))
        {
            small.Save(folder.File("z-small.png"));
        }

        var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Gan().Colorizers.Colorizer(ColorizerFixtures.Tiny()).Fit(ColorizerFixtures.LoadColorAndGray(ml, folder.Path)));
        StringAssert.Contains(e.Message, "colorizer training column 'Color', row 3");
        StringAssert.Contains(e.Message, "20x40, smaller than the 32x32");
        StringAssert.Contains(e.Message, "set ImageSize to at most 20");
    }

    [TestMethod]
    public void TrainingOnGrayImagesOnlySaysThereIsNoColorToLearn()
    {
        var ml = new MLContext(seed: 1);
        using var folder = new TempFolder();
        ColorizerFixtures.WriteShapes(folder.Path, count: 4);
        var options = ColorizerFixtures.Tiny();
        options.TrainingColumnName = null; // learn from "Gray", which ConvertToGrayscale made
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Gan().Colorizers.Colorizer(options).Fit(ColorizerFixtures.LoadColorAndGray(ml, folder.Path)));
        StringAssert.Contains(e.Message, "colorizer training column 'Gray': all 4 images are gray");
        StringAssert.Contains(e.Message, "TrainingColumnName");
    }

    [TestMethod]
    public void OptionsThatCannotWorkAreRefusedWhenTheTrainerIsMade()
    {
        var ml = new MLContext();
        var layout = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Gan().Colorizers.Colorizer(new ColorizerTrainer.Options { ImageSize = 48, UNetDepth = 5 }));
        StringAssert.Contains(layout.Message, "ImageSize must be a multiple of 2^UNetDepth = 32");
        var patches = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Gan().Colorizers.Colorizer(new ColorizerTrainer.Options { PatchLayers = 6 }));
        StringAssert.Contains(patches.Message, "PatchLayers must be 1 to 4");
        var l1 = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Gan().Colorizers.Colorizer(new ColorizerTrainer.Options { L1Only = true, L1Weight = 0 }));
        StringAssert.Contains(l1.Message, "L1Weight must be positive when L1Only is set");
    }

    public sealed class VectorRow
    {
        [VectorType(16)]
        public float[] Gray { get; set; } = [];
    }
}
