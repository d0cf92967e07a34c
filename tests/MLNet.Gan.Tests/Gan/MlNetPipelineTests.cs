// The GAN inside real ML.NET pipelines, as the README shows it: PNGs in class folders through ML.NET's image
// transforms into a conditional GAN in one Fit, synthetic rows fed to an ML.NET trainer and evaluated, and the
// image-column variant; the plumbing is checked (rows, schema, labels, ranges, metrics), not the accuracy.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNet.Gan.Data;
using MLNet.Gan.Imaging;
using MLNet.Gan.Networks;
using MLNet.Gan.Training;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class MlNetPipelineTests
{
    private const int PerClass = 8;
    private TempFolder _folder = null!;

    [TestInitialize]
    public void WriteImages()
    {
        _folder = new TempFolder();
        PipelineData.WriteClassFolders(_folder.Path, PerClass);
    }

    [TestCleanup]
    public void RemoveImages() => _folder.Dispose();

    [TestMethod]
    public void TheReadmePipelineTrainsInOneFitAndFeedsSyntheticRowsToAnMlNetClassifier()
    {
        var ml = new MLContext(seed: 1);
        var data = PipelineData.Load(ml, _folder.Path, out var listing);
        var pipeline = PipelineData.ConditionalPipeline(ml);
        var shape = pipeline.GetOutputSchema(SchemaErrorTests.Shape(data.Schema));
        Assert.IsTrue(shape.Any(c => c.Name == "GeneratedImage" && c.ItemType == NumberDataViewType.Single), "the chain's schema has the generated column");

        // What the GAN trains on: every image decoded, gray, with its bright band (about 0.8 x 200 in the red channel).
        var pixelRows = PipelineData.ImageTransforms(ml).Fit(data).Transform(data).GetColumn<float[]>("Pixels").ToList();
        Assert.HasCount(PerClass * PipelineData.Classes.Length, pixelRows);
        Assert.IsTrue(pixelRows.All(v => v.Length == 784 && v.Max() > 120 && v.Min() < 60),
            "pixel ranges: " + string.Join(" ", pixelRows.Select(v => $"[{v.Min()}, {v.Max()}]")));

        var model = pipeline.Fit(data);
        using var gan = model.LastTransformer;
        CollectionAssert.AreEqual(listing.ClassNames.ToArray(), gan.ClassNames.ToArray(), "classes are MapValueToKey's key values");
        Assert.AreEqual(GanArchitecture.Dcgan, gan.Info.Architecture, "784 values read as a 28x28 gray image");
        Assert.AreEqual(new ImageShape(1, 28, 28), gan.ImageShape);
        Assert.AreEqual(GeneratedValueKind.Vector, gan.Info.ValueKind);
        Assert.AreEqual(PixelScale.ZeroTo255, gan.Info.VectorScale, "ExtractPixels' default range is recognised");
        Assert.AreEqual(3L, gan.Info.Steps);
        var h = gan.History!;
        Assert.IsTrue(h.GeneratorLoss.Concat(h.DiscriminatorLoss).All(float.IsFinite), $"losses: D {string.Join(", ", h.DiscriminatorLoss)}; G {string.Join(", ", h.GeneratorLoss)}");
        Assert.IsTrue(TrainingRig.State(gan.Generator).Values.All(v => v.All(float.IsFinite)),
            "generator weights: " + string.Join(", ", TrainingRig.State(gan.Generator).Where(p => !p.Value.All(float.IsFinite)).Select(p => p.Key)));

        var transformed = model.Transform(data);
        var rows = PerClass * PipelineData.Classes.Length;
        Assert.AreEqual(transformed.Schema["Pixels"].Type, transformed.Schema["GeneratedImage"].Type, "generated vectors have the training column's type");
        var generated = transformed.GetColumn<float[]>("GeneratedImage").ToList();
        var keys = transformed.GetColumn<uint>("Label").ToList();
        Assert.HasCount(rows, generated);
        var (low, high) = (generated.Min(v => v.Min()), generated.Max(v => v.Max()));
        Assert.IsTrue(generated.All(v => v.Length == 784) && low >= 0 && high <= 255, $"generated values come back in [0, 255], found [{low}, {high}]");
        Assert.IsGreaterThan(1f, generated.Max(v => v.Max()), "in the 0-255 range, not the networks' [-1, 1]");
        foreach (var row in new[] { 0, 9, 23 })
        {
            // A row without a seed column is generated from its position, for its own label.
            using var scope = NewDisposeScope();
            var direct = ((gan.GenerateTensor(1, new[] { (int)keys[row] - 1 }, seed: row) + 1.0) * 127.5).data<float>().ToArray();
            Assert.IsLessThan(1e-3f, TrainingRig.MaxDifference(direct, generated[row]), $"row {row}");
        }

        var augmented = gan.AppendSyntheticRows(transformed, rowsPerClass: 5, seed: 2);
        Assert.AreEqual((long)rows + 15, augmented.GetRowCount());
        CollectionAssert.AreEqual(transformed.Schema.Select(c => (c.Name, c.Type)).ToList(), augmented.Schema.Select(c => (c.Name, c.Type)).ToList());
        var augmentedKeys = augmented.GetColumn<uint>("Label").ToList();
        CollectionAssert.AreEqual(keys, augmentedKeys.Take(rows).ToList(), "the real rows come first, unchanged");
        CollectionAssert.AreEqual(new uint[] { 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3 }, augmentedKeys.Skip(rows).ToList(), "five synthetic rows per class");
        var syntheticPixels = augmented.GetColumn<float[]>("Pixels").Skip(rows).ToList();
        Assert.IsTrue(syntheticPixels.All(v => v.Length == 784 && v.All(x => x is >= 0 and <= 255) && v.Max() > 1), "synthetic pixels in the column's range");

        // A real ML.NET trainer on the augmented data, evaluated on the real rows.
        var trainer = ml.Transforms.NormalizeMinMax("Features", "Pixels")
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Features", maximumNumberOfIterations: 3));
        var classifier = trainer.Fit(augmented);
        var metrics = ml.MulticlassClassification.Evaluate(classifier.Transform(transformed), "Label");
        Assert.AreEqual(3, metrics.ConfusionMatrix.NumberOfClasses);
        Assert.AreEqual((double)rows, metrics.ConfusionMatrix.Counts.Sum(r => r.Sum()), "every real row is scored");
        Assert.IsTrue(metrics.MicroAccuracy is >= 0 and <= 1 && double.IsFinite(metrics.LogLoss));
        Assert.HasCount(3, metrics.PerClassLogLoss);

        // Synthetic rows alone are enough for the trainer: the real part may be empty.
        var syntheticOnly = gan.AppendSyntheticRows(ml.Data.SkipRows(transformed, rows), rowsPerClass: 4);
        Assert.AreEqual(12L, syntheticOnly.GetRowCount());
        var onSynthetic = ml.MulticlassClassification.Evaluate(trainer.Fit(syntheticOnly).Transform(syntheticOnly), "Label");
        CollectionAssert.AreEqual(new[] { 4.0, 4.0, 4.0 }, onSynthetic.ConfusionMatrix.Counts.Select(r => r.Sum()).ToArray(), "four rows of each class");
    }

    [TestMethod]
    public void TransformKeepsTheColumnsAnEarlierTransformHidWithTheirOwnTypes()
    {
        // MapValueToKey("Label") hides the text Label behind the key Label. ML.NET's cursors read hidden columns too
        // (its multi-threaded splitter, under SDCA for one), so each must come back with its own type and values.
        var ml = new MLContext(seed: 1);
        var random = new Random(1);
        var rows = Enumerable.Range(0, 32).Select(i => new ToyData.TextLabelRow { Image = ToyData.QuadrantImage(i % 4, random), Label = "class" + (i % 4) }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var options = ToyData.TinyOptions();
        options.MaxSteps = 1;
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Gan().Trainers.ConditionalGan(options)).Fit(data);
        var keyed = model.First().Transform(data);
        var transformed = model.Transform(data);
        CollectionAssert.AreEqual(
            keyed.Schema.Select(c => (c.Name, c.Type, c.IsHidden)).Append(("GeneratedImage", (DataViewType)new VectorDataViewType(NumberDataViewType.Single, 1, 8, 8), false)).ToList(),
            transformed.Schema.Select(c => (c.Name, c.Type, c.IsHidden)).ToList(),
            "the input's columns, hidden ones included, then the generated one");

        var hiddenLabel = transformed.Schema.Single(c => c.Name == "Label" && c.IsHidden);
        var keyLabel = transformed.Schema["Label"];
        using var cursor = transformed.GetRowCursor(transformed.Schema);
        var getText = cursor.GetGetter<ReadOnlyMemory<char>>(hiddenLabel);
        var getKey = cursor.GetGetter<uint>(keyLabel);
        var texts = new List<string>();
        var keys = new List<uint>();
        while (cursor.MoveNext())
        {
            ReadOnlyMemory<char> text = default;
            uint key = 0;
            getText(ref text);
            getKey(ref key);
            texts.Add(text.ToString());
            keys.Add(key);
        }

        CollectionAssert.AreEqual(rows.Select(r => r.Label).ToList(), texts, "the hidden text label");
        CollectionAssert.AreEqual(rows.Select((_, i) => (uint)(i % 4) + 1).ToList(), keys, "the visible key label");
    }

    [TestMethod]
    public void AnImageColumnTrainsAndGeneratesImagesOfItsSize()
    {
        var ml = new MLContext(seed: 1);
        var data = PipelineData.Load(ml, _folder.Path, out _);
        var options = PipelineData.TinyOptions("Image");
        options.OutputColumnName = "Fake";
        var pipeline = ml.Transforms.LoadImages("Image", _folder.Path, "ImagePath")
            .Append(ml.Transforms.ResizeImages("Image", 32, 32))
            .Append(ml.Transforms.ConvertToGrayscale("Image"))
            .Append(ml.Gan().Trainers.Gan(options));
        var model = pipeline.Fit(data);
        using var gan = model.LastTransformer;
        Assert.IsFalse(gan.IsConditional);
        Assert.AreEqual(new ImageShape(1, 32, 32), gan.ImageShape, "gray images train one channel");
        Assert.AreEqual(new ImageDataViewType(32, 32), gan.OutputType);

        var transformed = model.Transform(data);
        Assert.AreEqual(new ImageDataViewType(32, 32), transformed.Schema["Fake"].Type);
        var images = transformed.GetColumn<MLImage>("Fake").ToList();
        Assert.HasCount(PerClass * 3, images);
        Assert.IsTrue(images.All(i => i.Width == 32 && i.Height == 32));
        var (r, g, b, _) = ImagePixels.Get(images[0], 5, 7);
        Assert.IsTrue(r == g && g == b, "a gray model draws gray images");

        var augmented = gan.AppendSyntheticRows(transformed, rowsPerClass: 3);
        var augmentedImages = augmented.GetColumn<MLImage>("Image").ToList();
        Assert.HasCount((PerClass * 3) + 3, augmentedImages);
        Assert.IsTrue(augmentedImages.Skip(PerClass * 3).All(i => i.Width == 32 && i.Height == 32), "synthetic images fill the image column");
        Assert.IsTrue(augmented.GetColumn<string>("ImagePath").Skip(PerClass * 3).All(string.IsNullOrEmpty), "other columns of synthetic rows are empty");
    }

    [TestMethod]
    public void ImagesOfDifferentSizesFromLoadImagesFailFitNamingTheRowAndResizeImagesFixesIt()
    {
        var odd = Path.Combine(_folder.Path, "middle", "zz-odd.png");
        using (var image = PipelineData.Band(1, 40, 36, new Random(5)))
        {
            image.Save(odd);
        }

        var ml = new MLContext(seed: 1);
        var data = PipelineData.Load(ml, _folder.Path, out var listing);
        var row = listing.ImagePaths.ToList().IndexOf(odd);
        var options = PipelineData.TinyOptions("Image");
        var unsized = ml.Transforms.LoadImages("Image", null, "ImagePath").Append(ml.Gan().Trainers.Gan(options));
        var shape = unsized.GetOutputSchema(SchemaErrorTests.Shape(data.Schema));
        Assert.IsTrue(shape.Any(c => c.Name == "GeneratedImage"), "sizes are unknown until the rows are read");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => unsized.Fit(data));
        StringAssert.Contains(e.Message, "column 'Image'");
        StringAssert.Contains(e.Message, $"row {row}");
        StringAssert.Contains(e.Message, "image is 40x36, expected 32x32");
        StringAssert.Contains(e.Message, "ResizeImages");

        var sized = ml.Transforms.LoadImages("Image", null, "ImagePath")
            .Append(ml.Transforms.ResizeImages("Image", 32, 32))
            .Append(ml.Gan().Trainers.Gan(options));
        using var gan = sized.Fit(data).LastTransformer;
        Assert.AreEqual(32, gan.ImageShape.Height);
        Assert.AreEqual(3, gan.ImageShape.Channels, "colour images train three channels");
    }
}

internal static class PipelineData
{
    /// <summary>The class sub-folders, in the order the listing sorts them.</summary>
    public static readonly string[] Classes = { "bottom", "middle", "top" };

    /// <summary>
    /// Writes <paramref name="perClass"/> colour PNGs of <paramref name="size"/> px per class under <paramref name="root"/>:
    /// a bright horizontal band in the class's third of the image, on a dark background with a little noise.
    /// </summary>
    public static void WriteClassFolders(string root, int perClass = 8, int size = 32, int seed = 1)
    {
        var random = new Random(seed);
        for (var c = 0; c < Classes.Length; c++)
        {
            var folder = Path.Combine(root, Classes[Classes.Length - 1 - c]); // "top" holds band 0, "bottom" band 2
            Directory.CreateDirectory(folder);
            for (var i = 0; i < perClass; i++)
            {
                using var image = Band(c, size, size, random);
                image.Save(Path.Combine(folder, $"img{i:00}.png"));
            }
        }
    }

    /// <summary>A BGRA image with a bright band in third <paramref name="band"/> (0 = top) of its rows.</summary>
    public static MLImage Band(int band, int width, int height, Random random)
    {
        var bytes = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            var bright = y * 3 / height == band;
            for (var x = 0; x < width; x++)
            {
                var o = ((y * width) + x) * 4;
                var v = (bright ? 200 : 40) + random.Next(-20, 21);
                bytes[o] = (byte)v;             // B
                bytes[o + 1] = (byte)(v * 0.9); // G
                bytes[o + 2] = (byte)(v * 0.8); // R
                bytes[o + 3] = 255;
            }
        }

        return MLImage.CreateFromPixels(width, height, MLPixelFormat.Bgra32, bytes);
    }

    /// <summary>GAN options for a few DCGAN steps on 28x28 pixel vectors.</summary>
    public static GanTrainer.Options TinyOptions(string imageColumn = "Pixels") => new()
    {
        ImageColumnName = imageColumn,
        Width = 4,
        LatentSize = 8,
        BatchSize = 8,
        MaxSteps = 3,
        Seed = 3,
        Device = "cpu",
    };

    /// <summary>The ML.NET image transforms of the README, up to the 784-value "Pixels" column (values in [0, 255]).</summary>
    public static IEstimator<ITransformer> ImageTransforms(MLContext ml, string? imageFolder = null) =>
        ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.LoadImages("Image", imageFolder, "ImagePath"))
            .Append(ml.Transforms.ResizeImages("Image", 28, 28))
            .Append(ml.Transforms.ConvertToGrayscale("Image"))
            .Append(ml.Transforms.ExtractPixels("Pixels", "Image", colorsToExtract: ImagePixelExtractingEstimator.ColorBits.Red));

    /// <summary>The README's whole pipeline: the image transforms, then a conditional GAN on "Pixels".</summary>
    public static EstimatorChain<GanTransformer> ConditionalPipeline(MLContext ml, GanTrainer.Options? options = null) =>
        ImageTransforms(ml).Append(ml.Gan().Trainers.ConditionalGan(options ?? TinyOptions()));

    /// <summary>The folder as ML.NET rows (ImagePath, Label text columns).</summary>
    public static IDataView Load(MLContext ml, string folder, out ImageFolderListing listing) =>
        ml.Data.LoadImageFolder(folder, out listing);
}
