// Saving and loading colorizers: alone (Save / Load) and inside a fitted ML.NET chain (SaveWithGan / LoadWithGan),
// with outputs identical byte for byte; files that are not colorizers are refused with the file named.
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Colorization;

namespace MLNet.Gan.Tests.Colorization;

[TestClass]
public sealed class ColorizerModelFileTests
{
    [TestMethod]
    public void SavedAndLoadedColorizerGivesTheSameBytes()
    {
        using var folder = new TempFolder();
        var model = ColorizerFixtures.Trained;
        var path = folder.File("colorizer.zip");
        model.Save(path);
        using var loaded = ColorizerTransformer.Load(new MLContext(seed: 9), path);
        Assert.IsNull(loaded.History);
        Assert.AreEqual(model.Info.Steps, loaded.Info.Steps);
        Assert.AreEqual("Gray", loaded.Info.InputColumnName);
        foreach (var (w, h, seed) in new[] { (32, 32, 1), (45, 17, 2), (128, 96, 3) })
        {
            using var input = ColorizerFixtures.RandomImage(w, h, seed, gray: true);
            using var before = model.Colorize(input);
            using var after = loaded.Colorize(input);
            CollectionAssert.AreEqual(before.Pixels.ToArray(), after.Pixels.ToArray(), $"{w}x{h}");
        }
    }

    [TestMethod]
    public void AChainOfLoadImagesGrayscaleAndColorizerRoundTripsThroughSaveWithGan()
    {
        var ml = new MLContext(seed: 1);
        using var folder = new TempFolder();
        var images = Path.Combine(folder.Path, "images");
        ColorizerFixtures.WriteShapes(images, count: 10, size: 40);
        var files = ml.Data.LoadFromEnumerable(Directory.GetFiles(images).Order(StringComparer.Ordinal)
            .Select(f => new ColorizerFixtures.PathRow { ImagePath = f }).ToList());
        var chain = ml.Transforms.LoadImages("Color", null, "ImagePath")
            .Append(ml.Transforms.ConvertToGrayscale("Gray", "Color"))
            .Append(ml.Gan().Colorizers.Colorizer(ColorizerFixtures.Tiny(steps: 2)))
            .Fit(files);
        var path = folder.File("chain.zip");
        ml.Model.SaveWithGan(chain, files.Schema, path);

        var loaded = ml.Model.LoadWithGan(path, out var schema);
        Assert.IsNotNull(schema.GetColumnOrNull("ImagePath"));
        var before = ColorizerFixtures.Column(chain.Transform(files), "Colorized");
        var after = ColorizerFixtures.Column(loaded.Transform(files), "Colorized");
        Assert.HasCount(10, after);
        for (var i = 0; i < before.Count; i++)
        {
            Assert.AreEqual((40, 40), (after[i].Width, after[i].Height));
            CollectionAssert.AreEqual(before[i].Pixels.ToArray(), after[i].Pixels.ToArray(), $"row {i}");
        }
    }

    [TestMethod]
    public void LoadingAGanFileAsAColorizerSaysWhatTheFileHolds()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Gan", "Fixtures", "dcgan32-rgb.zip");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ColorizerTransformer.Load(new MLContext(), path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "no single colorizer");
    }

    [TestMethod]
    public void MlNetsOwnSaveIsRefusedWithTheWayThatWorks()
    {
        var ml = new MLContext();
        using var stream = new MemoryStream();
        var schema = new DataViewSchema.Builder().ToSchema();
        var e = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(ColorizerFixtures.Trained, schema, stream));
        StringAssert.Contains(e.Message, "SaveWithGan");
    }
}
