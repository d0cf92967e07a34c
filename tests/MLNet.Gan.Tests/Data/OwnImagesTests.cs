// A user's own folder through the ML.NET API: mixed-size RGB images through ML.NET's LoadImages and ResizeImages (which
// leaves pixels with alpha below 255) train with the trainer's defaults, and the library's own loader decodes a folder
// once with the same policy as the command line, skipping and naming what it cannot use.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNet.Gan.Data;
using MLNet.Gan.Imaging;
using MLNet.Gan.Tests.Gan;
using MLNet.Gan.Tests.Imaging;

namespace MLNet.Gan.Tests.Data;

[TestClass]
public sealed class OwnImagesTests
{
    // Sizes like a folder of photos and sprites, most of them not square.
    private static readonly (int W, int H)[] Sizes = [(46, 60), (96, 64), (41, 50), (64, 64), (90, 69), (37, 38), (60, 71), (75, 74)];

    private static string WriteMixedSizeFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(3);
        for (var n = 0; n < Sizes.Length * 2; n++)
        {
            var (w, h) = Sizes[n % Sizes.Length];
            var rgb = new byte[w * h * 3];
            random.NextBytes(rgb);
            using var image = ImagePixels.FromRgb(rgb, w, h);
            image.Save(Path.Combine(folder, $"photo{n:00}.png"));
        }

        return folder;
    }

    [TestMethod]
    public void MixedSizeRgbImagesTrainThroughMlNetsLoadAndResize()
    {
        using var temp = new TempFolder();
        var ml = new MLContext(seed: 1);
        var paths = ml.Data.LoadImageFolder(WriteMixedSizeFolder(Path.Combine(temp.Path, "photos")), out _, useFolderNameAsLabel: false);
        var options = ToyData.TinyOptions(conditional: false);
        options.MaxSteps = 1;
        options.BatchSize = 4;
        foreach (var kind in new[] { ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.ResizingKind.IsoPad })
        {
            var resize = ml.Transforms.LoadImages("Image", null, "ImagePath").Append(ml.Transforms.ResizeImages("Image", 16, 16, resizing: kind));
            if (kind == ImageResizingEstimator.ResizingKind.IsoPad)
            {
                // ML.NET 6 leaves its padding at alpha 0 (and its crop, for some sizes, an unpainted edge): what the reader used to refuse.
                Assert.IsGreaterThan(0, TransparentImages(resize.Fit(paths).Transform(paths)), "padded photos have pixels with alpha below 255");
            }

            using var model = resize.Append(ml.Gan().Trainers.Gan(options)).Fit(paths).LastTransformer;
            Assert.AreEqual(1, model.History!.Steps, kind.ToString());
            Assert.AreEqual(new MLNet.Gan.Networks.ImageShape(3, 16, 16), model.ImageShape, kind.ToString());
        }
    }

    private static int TransparentImages(IDataView data)
    {
        var count = 0;
        using var cursor = data.GetRowCursor(data.Schema);
        var get = cursor.GetGetter<MLImage>(data.Schema["Image"]);
        MLImage image = null!;
        while (cursor.MoveNext())
        {
            get(ref image);
            count += ImageBackground.CountTransparent(image) > 0 ? 1 : 0;
        }

        return count;
    }

    [TestMethod]
    public void TheLibrarysLoaderDecodesAFolderOnceAndNamesWhatItSkips()
    {
        using var temp = new TempFolder();
        var folder = WriteMixedSizeFolder(Path.Combine(temp.Path, "photos"));
        File.Copy(ImageFormatTests.Fixture("png-alpha.png"), Path.Combine(folder, "icon.png"));
        BrokenImages.Truncated(ImageFormatTests.Fixture("jpeg-baseline.jpg"), Path.Combine(folder, "cut.jpg"), 0.7);
        var ml = new MLContext(seed: 1);
        var listing = ImageFolderListing.Scan(folder, useFolderNameAsLabel: false);
        var options = new ImageReadOptions { Width = 16, Height = 16, Resizing = ImageResizingEstimator.ResizingKind.IsoPad, Background = ImageBackground.Black };
        var data = ml.Data.LoadImages(listing, options, out var decoded);
        using (decoded)
        {
            Assert.AreEqual(Sizes.Length * 2 + 1, decoded.Images.Count);
            var skipped = decoded.SkippedFiles.Single();
            Assert.AreEqual("cut.jpg", Path.GetFileName(skipped.Path));
            StringAssert.StartsWith(skipped.Reason, "truncated");
            Assert.AreEqual(new ImageDataViewType(16, 16), data.Schema["Image"].Type);

            var icon = decoded.Images[decoded.ImagePaths.ToList().FindIndex(p => p.EndsWith("icon.png", StringComparison.Ordinal))];
            CollectionAssert.AreEqual(new byte[] { 0, 0, 0 }, Pixels.Rgb(icon, 8, 1), "padding and transparency are the black background");
            Assert.IsTrue(decoded.Images.All(i => ImageBackground.CountTransparent(i) == 0));

            var trainer = ToyData.TinyOptions(conditional: false);
            trainer.MaxSteps = 1;
            trainer.BatchSize = 4;
            using var model = ml.Gan().Trainers.Gan(trainer).Fit(data);
            Assert.AreEqual(1, model.History!.Steps);
        }
    }

    [TestMethod]
    public void AFolderWhereNothingDecodesIsAnErrorNamingTheFirstFile()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("a.png"), "text");
        File.WriteAllBytes(temp.File("b.jpg"), []);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => DecodedImages.Decode([temp.File("a.png"), temp.File("b.jpg")]));
        StringAssert.Contains(e.Message, "none of the 2 image file(s) could be used");
        StringAssert.Contains(e.Message, "a.png': not an image");
    }
}
