// IDX parsing: raw and gzipped files, header checks, truncated payloads, broken gzip and label/image count mismatches.
using MLNet.Gan.Data;
using MLNet.Gan.Imaging;

namespace MLNet.Gan.Tests.Data;

[TestClass]
public sealed class IdxReaderTests
{
    private IdxFixtures _files = null!;

    [TestInitialize]
    public void WriteFiles() => _files = new IdxFixtures();

    [TestCleanup]
    public void RemoveFiles() => _files.Dispose();

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void RawAndGzippedFilesReadTheSameValues(bool gzipped)
    {
        var set = gzipped ? IdxImageSet.Load(_files.ImagesGz, _files.LabelsGz) : IdxImageSet.Load(_files.Images, _files.Labels);
        Assert.AreEqual((3, 4, 5), (set.Count, set.Height, set.Width));
        for (var i = 0; i < 3; i++)
        {
            for (var r = 0; r < 4; r++)
            {
                for (var c = 0; c < 5; c++)
                {
                    Assert.AreEqual(IdxFixtures.ExpectedPixel(i, r, c), set.Pixels[(i * 20) + (r * 5) + c]);
                }
            }
        }

        CollectionAssert.AreEqual(new byte[] { 7, 0, 3 }, set.Labels);
        Assert.AreEqual(8, set.LabelCount);
    }

    [TestMethod]
    public void HeaderIsParsed()
    {
        var file = IdxFile.Read(_files.ImagesGz);
        Assert.AreEqual(IdxDataType.UByte, file.DataType);
        CollectionAssert.AreEqual(new[] { 3, 4, 5 }, file.Dimensions.ToArray());
        Assert.HasCount(60, file.Data);

        var floats = IdxFile.Read(_files.FloatImages);
        Assert.AreEqual(IdxDataType.Float32, floats.DataType);
        Assert.HasCount(16, floats.Data);
    }

    [TestMethod]
    public void GetImageGivesAnOpaqueGrayImageOfOneRow()
    {
        var set = IdxImageSet.Load(_files.Images);
        using var image = set.GetImage(2);
        Assert.AreEqual((5, 4), (image.Width, image.Height));
        Assert.HasCount(5 * 4 * 4, image.Pixels.ToArray(), "MLImage holds 4 bytes per pixel");
        var expected = IdxFixtures.ExpectedPixel(2, 3, 4);
        CollectionAssert.AreEqual(new[] { expected, expected, expected }, Pixels.Rgb(image, 4, 3));
        Assert.AreEqual(255, ImagePixels.Get(image, 4, 3).A);
        Assert.IsTrue(ImageTensors.IsGray(image));
        Assert.IsNull(set.Labels);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => set.GetImage(3));
    }

    [TestMethod]
    public void TruncatedFileNamesFileExpectedAndFoundBytes()
    {
        var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxFile.Read(_files.TruncatedImages));
        Assert.Contains(_files.TruncatedImages, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("need 60", e.Message);
        Assert.Contains("found 47", e.Message);
    }

    [TestMethod]
    public void FileEndingInsideItsHeaderIsTruncated()
    {
        var path = _files.Write("short-header-idx3-ubyte", IdxFixtures.Header(0x08, 3, 4, 5).Take(9));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("ends inside its header", e.Message);
    }

    [TestMethod]
    public void LabelCountMismatchNamesBothFiles()
    {
        var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxImageSet.Load(_files.Images, _files.TwoLabels));
        Assert.Contains(_files.Images, e.Message);
        Assert.Contains(_files.TwoLabels, e.Message);
        Assert.Contains("2 labels", e.Message);
        Assert.Contains("3 images", e.Message);
    }

    [TestMethod]
    public void BadMagicIsRejected()
    {
        var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxFile.Read(_files.BadMagic));
        Assert.Contains(_files.BadMagic, e.Message);
        Assert.Contains("magic", e.Message);
        Assert.Contains("0x12 0x34", e.Message);
    }

    [TestMethod]
    public void UnknownElementTypeIsRejected()
    {
        var path = _files.Write("odd-type-idx1", IdxFixtures.Header(0x07, 1).Append((byte)0));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains("unknown element type 0x07", e.Message);
    }

    [TestMethod]
    public void NonByteImagesAreRejectedForImageSets()
    {
        var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxImageSet.Load(_files.FloatImages));
        Assert.Contains("Float32", e.Message);
        Assert.Contains(_files.FloatImages, e.Message);
    }

    [TestMethod]
    public void TrailingBytesAreReported()
    {
        var path = _files.Write("long-labels-idx1-ubyte", new byte[] { 0, 0, 8, 1, 0, 0, 0, 2, 5, 6, 9 });
        var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains("need 2", e.Message);
        Assert.Contains("found 3", e.Message);
    }

    [TestMethod]
    public void MissingFileIsNamed()
    {
        var path = Path.Combine(_files.Folder, "nothing-here-idx3-ubyte");
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
    }

    [TestMethod]
    [DataRow(60, "truncated")]
    [DataRow(30, "truncated")]
    [DataRow(-1, "gzip")]
    public void BrokenGzipNamesTheFile(int keepBytes, string expectedWord)
    {
        var gz = File.ReadAllBytes(_files.ImagesGz);
        byte[] broken;
        if (keepBytes > 0)
        {
            broken = gz[..keepBytes];
        }
        else
        {
            // Keep the 10-byte gzip header; replace the compressed data with bytes no deflate stream starts with.
            broken = gz.ToArray();
            broken.AsSpan(10).Fill(0xff);
        }

        var path = _files.Write($"broken-{keepBytes}-images-idx3-ubyte.gz", broken);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expectedWord, e.Message);
    }
}
