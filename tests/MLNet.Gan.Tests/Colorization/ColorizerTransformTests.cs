// The colorizer as a transform: every output pixel keeps its input's luma (untrained and trained models, gray and
// color inputs, many sizes), inputs of any size, ML.NET's own grayscale weights, and the LoadImages pipeline.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNet.Gan.Colorization;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Imaging;

namespace MLNet.Gan.Tests.Colorization;

[TestClass]
public sealed class ColorizerTransformTests
{
    private static readonly (int Width, int Height)[] Sizes = [(1, 1), (7, 5), (32, 32), (61, 97), (200, 13)];

    [TestMethod]
    public void UntrainedModelKeepsTheLumaOfRandomGrayAndColorImagesOfAnySize()
    {
        using var model = ColorizerFixtures.Untrained();
        var seed = 0;
        foreach (var (w, h) in Sizes)
        {
            foreach (var gray in new[] { true, false })
            {
                using var input = ColorizerFixtures.RandomImage(w, h, seed++, gray);
                using var output = model.Colorize(input);
                var error = ColorizerFixtures.MaxLumaError(input, output);
                Assert.IsTrue(error <= 0.5 + 1e-9, $"{w}x{h} {(gray ? "gray" : "color")} input: luma moved by {error}");
            }
        }
    }

    [TestMethod]
    public void TrainedModelKeepsTheLumaAndAddsColor()
    {
        var model = ColorizerFixtures.Trained;
        Assert.AreEqual(6, model.History!.Steps);
        var seed = 100;
        foreach (var (w, h) in Sizes)
        {
            using var input = ColorizerFixtures.RandomImage(w, h, seed++, gray: true);
            using var output = model.Colorize(input);
            var error = ColorizerFixtures.MaxLumaError(input, output);
            Assert.IsTrue(error <= 0.5 + 1e-9, $"{w}x{h}: luma moved by {error}");
        }

        // the luma test above means something only if the output is not simply the gray input again
        using var big = ColorizerFixtures.RandomImage(64, 48, 7, gray: true);
        using var colored = model.Colorize(big);
        Assert.IsTrue(ColorMetrics.Colorfulness(colored) > 1, $"colorfulness {ColorMetrics.Colorfulness(colored)}: the model adds no color");
        Assert.IsFalse(ImageTensors.IsGray(colored));
    }

    [TestMethod]
    public void SaturatedPredictionsAreScaledTowardsGrayNotClipped()
    {
        // chroma at the extremes for black, white and mid-gray inputs: every channel must stay in range with the luma kept
        var luma = new double[] { 0, 255, 128, 30, 240 };
        foreach (var (u, v) in new[] { (1f, 1f), (-1f, -1f), (1f, -1f), (-1f, 1f) })
        {
            var chroma = Enumerable.Repeat(u, luma.Length).Concat(Enumerable.Repeat(v, luma.Length)).ToArray();
            using var image = LumaChroma.Compose(luma, chroma, luma.Length, 1);
            for (var x = 0; x < luma.Length; x++)
            {
                var (r, g, b, _) = ImagePixels.Get(image, x, 0);
                var error = Math.Abs(LumaChroma.Luma(r, g, b) - luma[x]);
                Assert.IsTrue(error <= 0.5 + 1e-9, $"luma {luma[x]}, chroma ({u}, {v}): got ({r}, {g}, {b}), luma off by {error}");
            }

            var (mr, mg, mb, _) = ImagePixels.Get(image, 2, 0);
            Assert.IsFalse(mr == mg && mg == mb, $"mid-gray with chroma ({u}, {v}) stays gray");
        }
    }

    [TestMethod]
    public void LumaWeightsAreThoseOfMlNetsConvertToGrayscale()
    {
        var ml = new MLContext(seed: 1);
        using var folder = new TempFolder();
        var colors = new (byte R, byte G, byte B)[] { (255, 0, 0), (0, 255, 0), (0, 0, 255), (200, 120, 40), (17, 250, 99), (255, 255, 0) };
        var rgb = colors.SelectMany(c => new[] { c.R, c.G, c.B }).ToArray();
        using (var image = ImagePixels.FromRgb(rgb, colors.Length, 1))
        {
            image.Save(folder.File("colors.png"));
        }

        var gray = ColorizerFixtures.Column(ColorizerFixtures.LoadColorAndGray(ml, folder.Path), "Gray")[0];
        for (var x = 0; x < colors.Length; x++)
        {
            var (r, g, b, _) = ImagePixels.Get(gray, x, 0);
            Assert.AreEqual(r, g);
            var expected = LumaChroma.Luma(colors[x].R, colors[x].G, colors[x].B);
            Assert.IsTrue(Math.Abs(r - expected) <= 1, $"{colors[x]}: ConvertToGrayscale gives {r}, our luma {expected:0.00}");
        }
    }

    [TestMethod]
    public void TransformColorizesALoadImagesColumnOfMixedSizesKeepingEachSizeAndOtherColumns()
    {
        var ml = new MLContext(seed: 1);
        using var folder = new TempFolder();
        var sizes = new[] { (40, 24), (32, 32), (9, 70) };
        for (var i = 0; i < sizes.Length; i++)
        {
            using var image = ColorizerFixtures.RandomImage(sizes[i].Item1, sizes[i].Item2, i);
            image.Save(folder.File($"img{i}.png"));
        }

        var data = ColorizerFixtures.LoadColorAndGray(ml, folder.Path);
        var output = ColorizerFixtures.Trained.Transform(data);
        Assert.AreEqual("Colorized", output.Schema[^1].Name);
        Assert.IsInstanceOfType<ImageDataViewType>(output.Schema["Colorized"].Type);
        var grays = ColorizerFixtures.Column(output, "Gray");
        var colored = ColorizerFixtures.Column(output, "Colorized");
        Assert.HasCount(3, colored);
        for (var i = 0; i < sizes.Length; i++)
        {
            Assert.AreEqual(sizes[i], (colored[i].Width, colored[i].Height));
            Assert.IsTrue(ColorizerFixtures.MaxLumaError(grays[i], colored[i]) <= 0.5 + 1e-9);
        }

        CollectionAssert.AreEqual(
            ColorizerFixtures.Column(data, "Color").Select(c => c.Width).ToList(),
            ColorizerFixtures.Column(output, "Color").Select(c => c.Width).ToList(),
            "input columns pass through");
    }

    [TestMethod]
    public void FitInAnMlNetPipelineTrainsFromTheColorColumnAndAppliesToTheGrayOne()
    {
        var ml = new MLContext(seed: 1);
        using var folder = new TempFolder();
        ColorizerFixtures.WriteShapes(folder.Path, count: 12);
        var files = ml.Data.LoadFromEnumerable(Directory.GetFiles(folder.Path).Select(f => new ColorizerFixtures.PathRow { ImagePath = f }).ToList());
        var pipeline = ml.Transforms.LoadImages("Color", null, "ImagePath")
            .Append(ml.Transforms.ConvertToGrayscale("Gray", "Color"))
            .Append(ml.Gan().Colorizers.Colorizer(ColorizerFixtures.Tiny(steps: 2)));
        var shape = pipeline.GetOutputSchema(Gan.SchemaErrorTests.Shape(files.Schema));
        Assert.IsTrue(shape.Any(c => c.Name == "Colorized" && c.ItemType is ImageDataViewType), "the estimator announces the colorized image column");
        using var model = pipeline.Fit(files);
        var colorizer = model.LastTransformer;
        Assert.AreEqual(2, colorizer.History!.Steps);
        Assert.AreEqual(12, colorizer.Info.TrainingRows);
        var colored = ColorizerFixtures.Column(model.Transform(files), "Colorized");
        Assert.HasCount(12, colored);
        Assert.AreEqual((32, 32), (colored[0].Width, colored[0].Height));
    }
}
