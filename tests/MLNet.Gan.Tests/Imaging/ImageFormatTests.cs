// Every format the reader promises, from committed fixtures made with ImageMagick, libjpeg-turbo, exiftool and cwebp
// (recipes in Fixtures/README.md): each is checked for the colour of known patches and for its orientation, not only
// for decoding. The base pattern is 32x16: the left half red (or gray 200), the right half blue (or gray 40).
using Microsoft.ML.Data;
using MLNet.Gan.Imaging;

namespace MLNet.Gan.Tests.Imaging;

[TestClass]
public sealed class ImageFormatTests
{
    internal static readonly byte[] Red = [255, 0, 0];
    internal static readonly byte[] Blue = [0, 0, 255];
    internal static readonly byte[] White = [255, 255, 255];

    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Imaging", "Fixtures", name);

    [TestMethod]
    [DataRow("png8-rgb.png", 0)]
    [DataRow("png16-rgb.png", 0)]
    [DataRow("png-palette.png", 0)]
    [DataRow("jpeg-baseline.jpg", 6)]
    [DataRow("jpeg-progressive.jpg", 6)]
    [DataRow("jpeg-cmyk.jpg", 8)]
    [DataRow("bmp24.bmp", 0)]
    [DataRow("webp-lossless.webp", 0)]
    [DataRow("webp-lossy.webp", 12)]
    public void ColourFormatsGiveTheirRedAndBlueHalves(string file, int tolerance)
    {
        using var image = ImageFileReader.Read(Fixture(file));
        Assert.AreEqual((32, 16), (image.Width, image.Height), file);
        AssertNear(Red, Pixels.Rgb(image, 4, 8), tolerance, $"{file} left half");
        AssertNear(Blue, Pixels.Rgb(image, 27, 8), tolerance, $"{file} right half");
        Assert.AreEqual(0, ImageBackground.CountTransparent(image));
    }

    [TestMethod]
    [DataRow("png-gray.png", 0)]
    [DataRow("png-gray16.png", 0)]
    [DataRow("jpeg-gray.jpg", 3)]
    public void GrayFormatsStayGray(string file, int tolerance)
    {
        using var image = ImageFileReader.Read(Fixture(file));
        AssertNear([200, 200, 200], Pixels.Rgb(image, 4, 8), tolerance, $"{file} left half");
        AssertNear([40, 40, 40], Pixels.Rgb(image, 27, 8), tolerance, $"{file} right half");
    }

    [TestMethod]
    [DataRow("png-alpha.png")]
    [DataRow("webp-alpha.webp")]
    [DataRow("bmp32-alpha.bmp")]
    public void TransparentHalvesBecomeTheBackground(string file)
    {
        using (var onWhite = ImageFileReader.Read(Fixture(file)))
        {
            CollectionAssert.AreEqual(Red, Pixels.Rgb(onWhite, 4, 8), file);
            CollectionAssert.AreEqual(White, Pixels.Rgb(onWhite, 27, 8), $"{file}: transparent on the default white");
            Assert.AreEqual(0, ImageBackground.CountTransparent(onWhite));
        }

        using var onTeal = ImageFileReader.Read(Fixture(file), new ImageReadOptions { Background = ImageBackground.Parse("#008080") });
        CollectionAssert.AreEqual(new byte[] { 0, 128, 128 }, Pixels.Rgb(onTeal, 27, 8), $"{file}: transparent on #008080");
    }

    [TestMethod]
    public void HalfTransparentPixelsBlendWithTheBackground()
    {
        // rgba(255, 0, 0, 0.5) over white is (255, 128, 128) within rounding; over black (128, 0, 0).
        using var onWhite = ImageFileReader.Read(Fixture("png-half-alpha.png"));
        AssertNear([255, 128, 128], Pixels.Rgb(onWhite, 4, 8), 1, "over white");
        CollectionAssert.AreEqual(Blue, Pixels.Rgb(onWhite, 27, 8), "the opaque half is unchanged");
        using var onBlack = ImageFileReader.Read(Fixture("png-half-alpha.png"), new ImageReadOptions { Background = ImageBackground.Black });
        AssertNear([128, 0, 0], Pixels.Rgb(onBlack, 4, 8), 1, "over black");
    }

    [TestMethod]
    public void GrayWithAlphaIsCompositedAndStaysGray()
    {
        using var image = ImageFileReader.Read(Fixture("png-gray-alpha.png"));
        CollectionAssert.AreEqual(new byte[] { 200, 200, 200 }, Pixels.Rgb(image, 4, 8));
        CollectionAssert.AreEqual(White, Pixels.Rgb(image, 27, 8));
    }

    [TestMethod]
    public void AGifGivesItsFirstFrame()
    {
        // Frame 0: red left half, transparent right half; frame 1: all green.
        using var image = ImageFileReader.Read(Fixture("gif-two-frames.gif"));
        CollectionAssert.AreEqual(Red, Pixels.Rgb(image, 4, 8));
        CollectionAssert.AreEqual(White, Pixels.Rgb(image, 27, 8));
    }

    [TestMethod]
    public void ExifOrientationIsApplied()
    {
        // The stored pixels are the 32x16 red|blue pattern; the EXIF tag says how to show them.
        using (var turned = ImageFileReader.Read(Fixture("jpeg-orientation-3.jpg")))
        {
            Assert.AreEqual((32, 16), (turned.Width, turned.Height), "3: turned half a turn");
            AssertNear(Blue, Pixels.Rgb(turned, 4, 8), 6, "3: blue is now on the left");
            AssertNear(Red, Pixels.Rgb(turned, 27, 8), 6, "3: red on the right");
        }

        using (var clockwise = ImageFileReader.Read(Fixture("jpeg-orientation-6.jpg")))
        {
            Assert.AreEqual((16, 32), (clockwise.Width, clockwise.Height), "6: a quarter turn clockwise");
            AssertNear(Red, Pixels.Rgb(clockwise, 8, 4), 6, "6: red on top");
            AssertNear(Blue, Pixels.Rgb(clockwise, 8, 27), 6, "6: blue below");
        }

        using var anticlockwise = ImageFileReader.Read(Fixture("jpeg-orientation-8.jpg"));
        Assert.AreEqual((16, 32), (anticlockwise.Width, anticlockwise.Height), "8: a quarter turn anticlockwise");
        AssertNear(Blue, Pixels.Rgb(anticlockwise, 8, 4), 6, "8: blue on top");
        AssertNear(Red, Pixels.Rgb(anticlockwise, 8, 27), 6, "8: red below");
    }

    [TestMethod]
    public void MlNetsOwnDecoderIgnoresTheOrientationTag()
    {
        // Why the reader applies it: MLImage.CreateFromFile keeps the stored 32x16 pixels of the quarter-turned file.
        using var raw = MLImage.CreateFromFile(Fixture("jpeg-orientation-6.jpg"));
        Assert.AreEqual((32, 16), (raw.Width, raw.Height));
    }

    internal static void AssertNear(byte[] expected, byte[] actual, int tolerance, string what)
    {
        for (var c = 0; c < 3; c++)
        {
            Assert.IsLessThanOrEqualTo(tolerance, Math.Abs(expected[c] - actual[c]),
                $"{what}: expected ({string.Join(", ", expected)}) within {tolerance}, got ({string.Join(", ", actual)})");
        }
    }
}
