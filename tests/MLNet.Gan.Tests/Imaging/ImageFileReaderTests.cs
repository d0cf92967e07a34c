// The reader's policy: resizing by crop, pad or stretch without alpha left behind, the pixel limit read from the header
// (and raised by the option), and truncated, corrupt, empty and non-image files refused by name.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNet.Gan.Imaging;

namespace MLNet.Gan.Tests.Imaging;

[TestClass]
public sealed class ImageFileReaderTests
{
    private static readonly byte[] Red = ImageFormatTests.Red;
    private static readonly byte[] Blue = ImageFormatTests.Blue;
    private static readonly byte[] White = ImageFormatTests.White;
    private static readonly byte[] Black = [0, 0, 0];

    private static MLImage Read(string file, ImageResizingEstimator.ResizingKind kind, ImageBackground? background = null) =>
        ImageFileReader.Read(ImageFormatTests.Fixture(file), new ImageReadOptions
        {
            Width = 16,
            Height = 16,
            Resizing = kind,
            Background = background ?? ImageBackground.White,
        });

    [TestMethod]
    public void CropKeepsTheCentreAndFillsTheSquare()
    {
        // 32x16 red|blue → the centre 16x16 (source x 8..24), scaled 1:1: left half red, right half blue, every row drawn.
        using var image = Read("png8-rgb.png", ImageResizingEstimator.ResizingKind.IsoCrop);
        Assert.AreEqual((16, 16), (image.Width, image.Height));
        CollectionAssert.AreEqual(Red, Pixels.Rgb(image, 3, 0));
        CollectionAssert.AreEqual(Blue, Pixels.Rgb(image, 12, 15));
        Assert.AreEqual(0, ImageBackground.CountTransparent(image));
    }

    [TestMethod]
    public void PadFitsTheWholeImageAndPadsWithTheBackground()
    {
        // 32x16 → 16x8 in the middle rows 4..11; rows 0..3 and 12..15 are the background.
        using var white = Read("png8-rgb.png", ImageResizingEstimator.ResizingKind.IsoPad);
        CollectionAssert.AreEqual(White, Pixels.Rgb(white, 8, 1));
        CollectionAssert.AreEqual(White, Pixels.Rgb(white, 8, 14));
        ImageFormatTests.AssertNear(Red, Pixels.Rgb(white, 2, 8), 0, "left of the padded image");
        ImageFormatTests.AssertNear(Blue, Pixels.Rgb(white, 13, 8), 0, "right of the padded image");
        Assert.AreEqual(0, ImageBackground.CountTransparent(white));
        using var black = Read("png8-rgb.png", ImageResizingEstimator.ResizingKind.IsoPad, ImageBackground.Black);
        CollectionAssert.AreEqual(Black, Pixels.Rgb(black, 8, 1));
    }

    [TestMethod]
    public void StretchUsesTheWholeImageAtTheWholeSize()
    {
        using var image = Read("png8-rgb.png", ImageResizingEstimator.ResizingKind.Fill);
        CollectionAssert.AreEqual(Red, Pixels.Rgb(image, 2, 0));
        CollectionAssert.AreEqual(Blue, Pixels.Rgb(image, 13, 15));
    }

    [TestMethod]
    public void ResizingATransparentImageLeavesNoAlpha()
    {
        foreach (var kind in new[] { ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.ResizingKind.IsoPad, ImageResizingEstimator.ResizingKind.Fill })
        {
            using var image = Read("png-alpha.png", kind);
            Assert.AreEqual(0, ImageBackground.CountTransparent(image), kind.ToString());
            CollectionAssert.AreEqual(White, Pixels.Rgb(image, 14, 8), $"{kind}: the transparent half is white");
        }
    }

    [TestMethod]
    public void MlNetsPaddingLeavesTransparentBordersThatTheTrainerComposites()
    {
        // What ML.NET 6's ResizeImages does (checked here so a change in ML.NET shows): IsoPad leaves the border at alpha 0.
        var ml = new MLContext(seed: 1);
        var rows = ml.Data.LoadFromEnumerable(new[] { new PathRow { ImagePath = ImageFormatTests.Fixture("png8-rgb.png") } });
        var data = ml.Transforms.LoadImages("Image", null, "ImagePath")
            .Append(ml.Transforms.ResizeImages("Image", 16, 16, "Image", ImageResizingEstimator.ResizingKind.IsoPad))
            .Fit(rows).Transform(rows);
        using (var cursor = data.GetRowCursor(data.Schema))
        {
            var get = cursor.GetGetter<MLImage>(data.Schema["Image"]);
            MLImage image = null!;
            Assert.IsTrue(cursor.MoveNext());
            get(ref image);
            Assert.AreEqual(8 * 16, ImageBackground.CountTransparent(image), "ML.NET's padding rows are transparent");
        }

        // The trainer's reader composites them onto its Background (default white) instead of refusing the image.
        var read = new GanTrainer.Options { ImageColumnName = "Image" };
        using var set = MLNet.Gan.Training.TrainingDataReader.Read(data, read, new GanModelInfo());
        var pixels = set.Images.data<float>().ToArray(); // (1, 3, 16, 16) in [-1, 1]
        Assert.AreEqual(1f, pixels[(0 * 256) + (1 * 16) + 8], 1e-6, "red of a padding pixel is white");
        Assert.AreEqual(1f, pixels[(2 * 256) + (1 * 16) + 8], 1e-6, "blue of a padding pixel is white");
        Assert.AreEqual(-1f, pixels[(2 * 256) + (8 * 16) + 2], 1e-6, "blue of the red half stays 0");
    }

    [TestMethod]
    public void TheHeaderLimitRefusesABombBeforeDecodingAndTheOptionRaisesIt()
    {
        using var folder = new TempFolder();
        var huge = folder.File("huge.png");
        BrokenImages.WritePngBomb(huge, 40000, 40000, rows: false);
        var e = Assert.ThrowsExactly<ImageFileException>(() => ImageFileReader.Read(huge));
        Assert.AreEqual(ImageFileProblem.TooLarge, e.Problem);
        StringAssert.Contains(e.Message, "huge.png");
        StringAssert.Contains(e.Message, "40000x40000 pixels (PNG) is over the limit of 64,000,000 pixels");

        var bomb = folder.File("bomb.png");
        BrokenImages.WritePngBomb(bomb, 3000, 3000, rows: true); // 9 megapixels of zeros in a few KB
        Assert.IsLessThan(100_000L, new FileInfo(bomb).Length);
        var limited = Assert.ThrowsExactly<ImageFileException>(() => ImageFileReader.Read(bomb, new ImageReadOptions { MaxPixels = 1_000_000 }));
        StringAssert.Contains(limited.Message, "3000x3000 pixels (PNG) is over the limit of 1,000,000 pixels");
        using var decoded = ImageFileReader.Read(bomb, new ImageReadOptions { MaxPixels = 9_000_000, Width = 30, Height = 30 });
        CollectionAssert.AreEqual(Black, Pixels.Rgb(decoded, 15, 15), "raised to the file's size, the bomb decodes");
    }

    [TestMethod]
    public void ImagesBelowTheMinimumSizeAreRefusedFromTheHeader()
    {
        var e = Assert.ThrowsExactly<ImageFileException>(() =>
            ImageFileReader.Read(ImageFormatTests.Fixture("png8-rgb.png"), new ImageReadOptions { MinimumSize = 20 }));
        Assert.AreEqual(ImageFileProblem.TooSmall, e.Problem);
        StringAssert.Contains(e.Message, "32x16 pixels is smaller than the 20x20 needed");
    }

    [TestMethod]
    [DataRow("png8-rgb.png", 0.6, ImageFileProblem.Truncated)]
    [DataRow("jpeg-baseline.jpg", 0.7, ImageFileProblem.Truncated)]
    [DataRow("gif-two-frames.gif", 0.6, ImageFileProblem.Truncated)]
    [DataRow("webp-lossy.webp", 0.8, ImageFileProblem.Corrupt)] // SkiaSharp reports a short RIFF container as invalid input
    public void TruncatedFilesAreRefusedNeverReturnedAsHalfImages(string file, double fraction, ImageFileProblem problem)
    {
        using var folder = new TempFolder();
        var cut = BrokenImages.Truncated(ImageFormatTests.Fixture(file), folder.File("cut-" + file), fraction);
        var e = Assert.ThrowsExactly<ImageFileException>(() => ImageFileReader.Read(cut));
        Assert.AreEqual(problem, e.Problem, e.Message);
        StringAssert.Contains(e.Message, "cut-" + file);
        StringAssert.Contains(e.Message, problem == ImageFileProblem.Truncated ? "truncated" : "corrupt");
    }

    [TestMethod]
    public void CorruptEmptyAndNonImageFilesAreNamedWithTheirProblem()
    {
        using var folder = new TempFolder();
        var corrupt = folder.File("corrupt.png");
        var bytes = File.ReadAllBytes(ImageFormatTests.Fixture("png8-rgb.png"));
        for (var i = 45; i < bytes.Length - 20; i++)
        {
            bytes[i] ^= 0x5A; // scramble the compressed pixels, leave the header
        }

        File.WriteAllBytes(corrupt, bytes);
        var e = Assert.ThrowsExactly<ImageFileException>(() => ImageFileReader.Read(corrupt));
        Assert.IsTrue(e.Problem is ImageFileProblem.Corrupt or ImageFileProblem.Truncated, e.Message);

        var empty = folder.File("empty.png");
        File.WriteAllBytes(empty, []);
        e = Assert.ThrowsExactly<ImageFileException>(() => ImageFileReader.Read(empty));
        Assert.AreEqual(ImageFileProblem.Empty, e.Problem);
        StringAssert.Contains(e.Message, "empty.png': not an image: the file is empty (0 bytes)");

        var text = folder.File("notes.png");
        File.WriteAllText(text, "hello, not a picture");
        e = Assert.ThrowsExactly<ImageFileException>(() => ImageFileReader.Read(text));
        Assert.AreEqual(ImageFileProblem.NotAnImage, e.Problem);
        StringAssert.Contains(e.Message, "notes.png': not an image");

        Assert.ThrowsExactly<FileNotFoundException>(() => ImageFileReader.Read(folder.File("missing.png")));
    }

    [TestMethod]
    public void BackgroundsParseFromWordsAndHexAndRefuseAnythingElse()
    {
        Assert.AreEqual(ImageBackground.White, ImageBackground.Parse("White"));
        Assert.AreEqual(ImageBackground.Black, ImageBackground.Parse("black"));
        Assert.AreEqual(new ImageBackground(0x12, 0xAB, 0xEF), ImageBackground.Parse("#12abEF"));
        Assert.AreEqual("#12ABEF", new ImageBackground(0x12, 0xAB, 0xEF).ToString());
        var e = Assert.ThrowsExactly<FormatException>(() => ImageBackground.Parse("teal"));
        StringAssert.Contains(e.Message, "expected white, black or #RRGGBB");
        Assert.ThrowsExactly<FormatException>(() => ImageBackground.Parse("#12345"));
    }

    private sealed class PathRow
    {
        public string ImagePath = string.Empty;
    }
}
