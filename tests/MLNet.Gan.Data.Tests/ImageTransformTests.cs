// The image transforms in a pipeline: schemas, values against MLImage's own operations, round trips, save/load, bad input.
namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class ImageTransformTests
{
    private static readonly MLImage[] s_images =
    {
        MLImage.CreateFromFile(ImageFixtures.File("rgb.png")),        // 7x5 RGB
        MLImage.CreateFromFile(ImageFixtures.File("interlaced.png")), // 13x11 RGB
    };

    private static IDataView Images(GanContext ctx) =>
        new InMemoryDataView.Builder().AddColumn("Photo", new ImageDataViewType(), s_images).ToDataView();

    [TestMethod]
    public void ResizeGivesFixedSizeTypeAndMLImageResizeValues()
    {
        var ctx = new GanContext();
        var data = Images(ctx);
        var resized = ctx.Transforms.ResizeImages("Small", 6, 4, "Photo").Fit(data).Transform(data);
        Assert.AreEqual(new ImageDataViewType(4, 6), resized.Schema["Small"].Type);
        var values = resized.GetColumn<MLImage>("Small").ToArray();
        for (var i = 0; i < s_images.Length; i++)
        {
            CollectionAssert.AreEqual(s_images[i].Resize(6, 4, ImageResizingEstimator.ResizingKind.IsoCrop).Pixels, values[i].Pixels);
        }
    }

    [TestMethod]
    public void GrayscaleKeepsSizeAndGivesOneChannel()
    {
        var ctx = new GanContext();
        var data = Images(ctx);
        var gray = ctx.Transforms.ConvertToGrayscale("Gray", "Photo").Fit(data).Transform(data);
        var values = gray.GetColumn<MLImage>("Gray").ToArray();
        Assert.AreEqual(1, values[0].Channels);
        var p = s_images[0].Pixels;
        Assert.AreEqual((int)Math.Round((0.299 * p[0]) + (0.587 * p[1]) + (0.114 * p[2]), MidpointRounding.AwayFromZero), values[0].Pixels[0]);
    }

    [TestMethod]
    [DataRow(ImagePixelExtractingEstimator.ColorBits.Gray, PixelRange.MinusOneToOne)]
    [DataRow(ImagePixelExtractingEstimator.ColorBits.Rgb, PixelRange.MinusOneToOne)]
    [DataRow(ImagePixelExtractingEstimator.ColorBits.All, PixelRange.ZeroToOne)]
    public void ExtractThenConvertGivesTheImagesBack(ImagePixelExtractingEstimator.ColorBits colors, PixelRange range)
    {
        var ctx = new GanContext();
        var data = Images(ctx);
        var pipeline = ctx.Transforms.ResizeImages("Small", 5, 3, "Photo", ImageResizingEstimator.ResizingKind.Fill)
            .Append(ctx.Transforms.ExtractPixels("Pixels", "Small", colors, range))
            .Append(ctx.Transforms.ConvertToImage(3, 5, "Back", "Pixels", range: range));
        var output = pipeline.Fit(data).Transform(data);
        var channels = colors switch { ImagePixelExtractingEstimator.ColorBits.Gray => 1, ImagePixelExtractingEstimator.ColorBits.Rgb => 3, _ => 4 };
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, channels, 3, 5), output.Schema["Pixels"].Type);
        Assert.AreEqual(new ImageDataViewType(3, 5), output.Schema["Back"].Type);

        var small = output.GetColumn<MLImage>("Small").ToArray();
        var back = output.GetColumn<MLImage>("Back").ToArray();
        var pixels = output.GetColumn<VBuffer<float>>("Pixels").ToArray();
        for (var i = 0; i < small.Length; i++)
        {
            var expected = small[i].WithChannels(channels);
            CollectionAssert.AreEqual(expected.Pixels, back[i].Pixels, $"image {i}");
            // CHW: channel c of pixel (x, y) sits at c*H*W + y*W + x.
            var (x, y, c) = (4, 2, channels - 1);
            var stored = expected.Pixels[(((y * 5) + x) * channels) + c];
            var want = range == PixelRange.ZeroToOne ? stored / 255f : (stored / 127.5f) - 1f;
            Assert.AreEqual(want, pixels[i].GetItemOrDefault((c * 15) + (y * 5) + x), 1e-6f);
        }
    }

    [TestMethod]
    public void ConvertToImageRejectsNonFiniteValuesNamingTheRow()
    {
        var ctx = new GanContext();
        var type = new VectorDataViewType(NumberDataViewType.Single, 1, 1, 2);
        var data = new InMemoryDataView.Builder().AddColumn("V", type, new[] { new VBuffer<float>([0f, 0f]), new VBuffer<float>([float.NaN, 0f]) }).ToDataView();
        var output = ctx.Transforms.ConvertToImage(1, 2, "Image", "V").Fit(data).Transform(data);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => output.GetColumn<MLImage>("Image").ToList());
        StringAssert.Contains(e.Message, "'V'");
        StringAssert.Contains(e.Message, "row 1 (0-based)");
        StringAssert.Contains(e.Message, "NaN");
    }

    [TestMethod]
    public void WrongInputTypesNameColumnExpectedAndFound()
    {
        var ctx = new GanContext();
        var data = new InMemoryDataView.Builder()
            .AddColumn("Text", TextDataViewType.Instance, new[] { "a" })
            .AddColumn("Photo", new ImageDataViewType(), new[] { s_images[0] })
            .AddColumn("V", new VectorDataViewType(NumberDataViewType.Single, 7), new[] { new VBuffer<float>(new float[7]) })
            .ToDataView();
        var cases = new (Func<DataViewSchema>, string Column, string Expected, string Found)[]
        {
            (() => ctx.Transforms.ResizeImages("O", 2, 2, "Text").GetOutputSchema(data.Schema), "Text", "Image", "String"),
            (() => ctx.Transforms.ConvertToGrayscale("O", "V").GetOutputSchema(data.Schema), "V", "Image", "Vector<Single, 7>"),
            (() => ctx.Transforms.ExtractPixels("O", "Photo").GetOutputSchema(data.Schema), "Photo", "known size", "Image"),
            (() => ctx.Transforms.ConvertToImage(2, 2, "O", "V").GetOutputSchema(data.Schema), "V", "Vector<Single>", "Vector<Single, 7>"),
            (() => ctx.Transforms.LoadImages("O", string.Empty, "Photo").GetOutputSchema(data.Schema), "Photo", "String", "Image"),
        };
        foreach (var (call, column, expected, found) in cases)
        {
            var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => call());
            StringAssert.Contains(e.Message, $"'{column}'");
            StringAssert.Contains(e.Message, expected);
            StringAssert.Contains(e.Message, "type " + found);
        }

        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Transforms.ResizeImages("O", 2, 2, "Nope").Fit(data));
        StringAssert.Contains(missing.Message, "'Nope'");
    }

    [TestMethod]
    public void PipelineSurvivesSaveAndLoadWithIdenticalOutputs()
    {
        var ctx = new GanContext();
        var folder = ImageFixtures.Folder;
        var data = new InMemoryDataView.Builder().AddColumn("Path", TextDataViewType.Instance, new[] { "rgb.png", "palette_trns.png", "gray16.png" }).ToDataView();
        var pipeline = ctx.Transforms.LoadImages("Image", folder, "Path")
            .Append(ctx.Transforms.ResizeImages("Image", 8, 8, resizing: ImageResizingEstimator.ResizingKind.IsoPad, cropAnchor: ImageResizingEstimator.Anchor.Top))
            .Append(ctx.Transforms.ConvertToGrayscale("Gray", "Image"))
            .Append(ctx.Transforms.ExtractPixels("Pixels", "Gray", ImagePixelExtractingEstimator.ColorBits.Gray, PixelRange.ZeroToOne))
            .Append(ctx.Transforms.ConvertToImage(8, 8, "Back", "Pixels", range: PixelRange.ZeroToOne));
        var model = pipeline.Fit(data);
        var before = model.Transform(data);

        var dir = ImageFixtures.TempFolder();
        try
        {
            var path = Path.Combine(dir, "images.zip");
            ctx.Model.Save(model, data.Schema, path);
            var loaded = ctx.Model.Load(path, out var schema);
            Assert.AreEqual(data.Schema.Count, schema.Count);
            var after = loaded.Transform(data);
            Assert.AreEqual(before.Schema.Count, after.Schema.Count);
            for (var c = 0; c < before.Schema.Count; c++)
            {
                Assert.AreEqual(before.Schema[c].Type, after.Schema[c].Type, before.Schema[c].Name);
            }

            CollectionAssert.AreEqual(
                before.GetColumn<VBuffer<float>>("Pixels").SelectMany(v => v.ToArray()).ToArray(),
                after.GetColumn<VBuffer<float>>("Pixels").SelectMany(v => v.ToArray()).ToArray());
            CollectionAssert.AreEqual(
                before.GetColumn<MLImage>("Back").SelectMany(i => i.Pixels).ToArray(),
                after.GetColumn<MLImage>("Back").SelectMany(i => i.Pixels).ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
