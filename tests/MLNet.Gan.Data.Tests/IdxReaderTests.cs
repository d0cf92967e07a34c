// IDX parsing: raw and gzipped files, header checks, truncated payloads and label/image count mismatches.
namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class IdxReaderTests
{
    // The fixture images: 3 images of 4 rows x 5 columns, pixel (i, r, c) = 40*i + 5*r + c; labels 7, 0, 3.
    private static byte ExpectedPixel(int i, int r, int c) => (byte)((40 * i) + (5 * r) + c);

    [TestMethod]
    [DataRow("tiny-images-idx3-ubyte", "tiny-labels-idx1-ubyte")]
    [DataRow("tiny-images-idx3-ubyte.gz", "tiny-labels-idx1-ubyte.gz")]
    public void RawAndGzippedFilesReadTheSameValues(string images, string labels)
    {
        var set = IdxImageSet.Load(ImageFixtures.File(images), ImageFixtures.File(labels));
        Assert.AreEqual((3, 4, 5), (set.Count, set.Height, set.Width));
        for (var i = 0; i < 3; i++)
        {
            for (var r = 0; r < 4; r++)
            {
                for (var c = 0; c < 5; c++)
                {
                    Assert.AreEqual(ExpectedPixel(i, r, c), set.Pixels[(i * 20) + (r * 5) + c]);
                }
            }
        }

        CollectionAssert.AreEqual(new byte[] { 7, 0, 3 }, set.Labels);
        Assert.AreEqual(8, set.LabelCount);
    }

    [TestMethod]
    public void HeaderIsParsed()
    {
        var file = IdxFile.Read(ImageFixtures.File("tiny-images-idx3-ubyte.gz"));
        Assert.AreEqual(IdxDataType.UByte, file.DataType);
        CollectionAssert.AreEqual(new[] { 3, 4, 5 }, file.Dimensions.ToArray());
        Assert.HasCount(60, file.Data);

        var floats = IdxFile.Read(ImageFixtures.File("float-images-idx3"));
        Assert.AreEqual(IdxDataType.Float32, floats.DataType);
        Assert.HasCount(16, floats.Data);
    }

    [TestMethod]
    public void GetImageCopiesOneImage()
    {
        var set = IdxImageSet.Load(ImageFixtures.File("tiny-images-idx3-ubyte"));
        var image = set.GetImage(2);
        Assert.AreEqual((5, 4, 1), (image.Width, image.Height, image.Channels));
        Assert.AreEqual(ExpectedPixel(2, 3, 4), image.Pixels[19]);
        Assert.IsNull(set.Labels);
    }

    [TestMethod]
    public void TruncatedFileNamesFileExpectedAndFoundBytes()
    {
        var path = ImageFixtures.File("truncated-images-idx3-ubyte");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxFile.Read(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "60");
        StringAssert.Contains(e.Message, "found 47");
    }

    [TestMethod]
    public void LabelCountMismatchNamesBothFiles()
    {
        var images = ImageFixtures.File("tiny-images-idx3-ubyte");
        var labels = ImageFixtures.File("two-labels-idx1-ubyte");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxImageSet.Load(images, labels));
        StringAssert.Contains(e.Message, images);
        StringAssert.Contains(e.Message, labels);
        StringAssert.Contains(e.Message, "2 labels");
        StringAssert.Contains(e.Message, "3 images");
    }

    [TestMethod]
    public void BadMagicIsRejected()
    {
        var path = ImageFixtures.File("bad-magic-idx3-ubyte");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxFile.Read(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "magic");
    }

    [TestMethod]
    public void NonByteImagesAreRejectedForImageSets()
    {
        var path = ImageFixtures.File("float-images-idx3");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxImageSet.Load(path));
        StringAssert.Contains(e.Message, "Float32");
    }

    [TestMethod]
    public void TrailingBytesAreReported()
    {
        var dir = ImageFixtures.TempFolder();
        try
        {
            var path = Path.Combine(dir, "long-labels-idx1-ubyte");
            File.WriteAllBytes(path, new byte[] { 0, 0, 8, 1, 0, 0, 0, 2, 5, 6, 9 });
            var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxFile.Read(path));
            StringAssert.Contains(e.Message, "need 2");
            StringAssert.Contains(e.Message, "found 3");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void MissingFileIsNamed()
    {
        var path = ImageFixtures.File("nothing-here-idx3-ubyte");
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => IdxFile.Read(path));
        StringAssert.Contains(e.Message, path);
    }

    [TestMethod]
    [DataRow(60, "truncated")]
    [DataRow(30, "truncated")]
    [DataRow(-1, "corrupt")]
    public void BrokenGzipNamesTheFile(int keepBytes, string kind)
    {
        var gz = File.ReadAllBytes(ImageFixtures.File("tiny-images-idx3-ubyte.gz"));
        byte[] broken;
        if (keepBytes > 0)
        {
            broken = gz[..keepBytes];
        }
        else
        {
            // Keep the gzip header (and file name), replace the compressed data with bytes no deflate stream starts with.
            broken = gz.ToArray();
            var dataStart = Array.IndexOf(broken, (byte)0, 10) + 1;
            broken.AsSpan(dataStart, broken.Length - dataStart).Fill(0xff);
        }

        var dir = ImageFixtures.TempFolder();
        try
        {
            var path = Path.Combine(dir, $"{kind}-images-idx3-ubyte.gz");
            File.WriteAllBytes(path, broken);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxFile.Read(path));
            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, kind == "truncated" ? "truncated" : "gzip");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
