// Decoding of tricky image files against PIL's pixels, PNG round trips and error messages.
namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class ImageCodecTests
{
    [TestMethod]
    [DataRow("rgb.png")]
    [DataRow("rgba.png")]
    [DataRow("palette.png")]
    [DataRow("palette_trns.png")]
    [DataRow("gray_alpha.png")]
    [DataRow("gray.png")]
    [DataRow("gray16.png")]
    [DataRow("rgb16.png")]
    [DataRow("interlaced.png")]
    [DataRow("image.bmp")]
    [DataRow("animated.gif")]
    [DataRow("image.tga")]
    public void LosslessFilesDecodeExactlyToTheReferencePixels(string name)
    {
        var (h, w, c, expected) = ImageFixtures.Expected(name);
        var image = MLImage.CreateFromFile(ImageFixtures.File(name));
        Assert.AreEqual(w, image.Width, "width");
        Assert.AreEqual(h, image.Height, "height");
        Assert.AreEqual(c, image.Channels, "channels");
        Assert.AreEqual(ImageFixtures.ExpectedChannelsInFile(name), image.ChannelsInFile);
        CollectionAssert.AreEqual(expected, image.Pixels);
    }

    [TestMethod]
    [DataRow("progressive.jpg")]
    [DataRow("gray.jpg")]
    public void JpegFilesDecodeWithinASmallToleranceOfLibjpeg(string name)
    {
        var (h, w, c, expected) = ImageFixtures.Expected(name);
        var image = MLImage.CreateFromFile(ImageFixtures.File(name));
        Assert.AreEqual((w, h, c), (image.Width, image.Height, image.Channels));
        var worst = expected.Zip(image.Pixels, (a, b) => Math.Abs(a - b)).Max();
        Assert.IsLessThanOrEqualTo(3, worst, $"largest difference from libjpeg's decoding: {worst}");
    }

    [TestMethod]
    public void RequestedChannelsConvertOnDecode()
    {
        var (_, _, _, gray) = ImageFixtures.Expected("gray.png");
        var asRgb = MLImage.CreateFromFile(ImageFixtures.File("gray.png"), channels: 3);
        Assert.AreEqual(3, asRgb.Channels);
        Assert.AreEqual(1, asRgb.ChannelsInFile);
        for (var i = 0; i < gray.Length; i++)
        {
            Assert.AreEqual(gray[i], asRgb.Pixels[3 * i]);
            Assert.AreEqual(gray[i], asRgb.Pixels[(3 * i) + 2]);
        }

        var asRgba = MLImage.CreateFromFile(ImageFixtures.File("rgb.png"), channels: 4);
        Assert.AreEqual(255, asRgba.Pixels[3]);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(4)]
    public void PngWrittenByTheLibraryDecodesToTheSamePixels(int channels)
    {
        var pixels = new byte[13 * 9 * channels];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i * 151) + 7);
        }

        var image = MLImage.CreateFromPixels(13, 9, channels, pixels);
        var dir = ImageFixtures.TempFolder();
        try
        {
            var path = Path.Combine(dir, "sub", "out.png");
            image.Save(path);
            var back = MLImage.CreateFromFile(path);
            Assert.AreEqual((13, 9, channels), (back.Width, back.Height, back.Channels));
            CollectionAssert.AreEqual(pixels, back.Pixels);
            Assert.IsEmpty(Directory.GetFiles(Path.Combine(dir, "sub"), "*.tmp"), "temporary file left behind");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void StreamAndFileGiveTheSameImage()
    {
        var path = ImageFixtures.File("interlaced.png");
        using var stream = File.OpenRead(path);
        var fromStream = MLImage.CreateFromStream(stream);
        CollectionAssert.AreEqual(MLImage.CreateFromFile(path).Pixels, fromStream.Pixels);
    }

    [TestMethod]
    public void MissingFileIsNamed()
    {
        var path = ImageFixtures.File("no-such-image.png");
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => MLImage.CreateFromFile(path));
        StringAssert.Contains(e.Message, path);
    }

    [TestMethod]
    [DataRow("corrupt.png")]
    [DataRow("not_an_image.png")]
    public void CorruptFileIsNamedWithTheDecodersReason(string name)
    {
        var path = ImageFixtures.File(name);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => MLImage.CreateFromFile(path));
        StringAssert.Contains(e.Message, path);
        Assert.IsGreaterThan(path.Length + 25, e.Message.Length, "the decoder's reason is missing: " + e.Message);

        // The process lives on and the codec still works.
        Assert.AreEqual(7, MLImage.CreateFromFile(ImageFixtures.File("rgb.png")).Width);
    }

    [TestMethod]
    public void PixelsOfTheWrongLengthAreRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => MLImage.CreateFromPixels(4, 3, 3, new byte[35]));
        StringAssert.Contains(e.Message, "36");
        StringAssert.Contains(e.Message, "35");
    }

    [TestMethod]
    public void SaveRefusesOtherFormats()
    {
        var image = MLImage.CreateFromPixels(2, 2, 1, new byte[4]);
        Assert.ThrowsExactly<NotSupportedException>(() => image.Save(Path.Combine(Path.GetTempPath(), "x.jpg")));
    }
}
