// NpyWriter against the .npy 1.0 format: magic, version, 64-byte aligned header dict, raw little-endian data;
// from spans and from TorchSharp tensors, read back by an independent parser of the header text.
using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using MLNet.Gan.IO;
using TorchSharp;

namespace MLNet.Gan.Tests.IO;

[TestClass]
public sealed class NpyWriterTests
{
    private TempFolder _folder = null!;

    [TestInitialize]
    public void MakeFolder() => _folder = new TempFolder();

    [TestCleanup]
    public void RemoveFolder() => _folder.Dispose();

    private string TempFile() => Path.Combine(_folder.Path, $"npy-{Guid.NewGuid():N}.npy");

    [TestMethod]
    public void Uint8ArrayHasAlignedHeaderAndRawBytes()
    {
        var path = TempFile();
        var data = Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray();
        NpyWriter.Write(path, data, 2, 3, 4);
        var npy = NpyTestReader.Read(path);
        Assert.AreEqual("|u1", npy.Descr);
        Assert.IsFalse(npy.FortranOrder);
        CollectionAssert.AreEqual(new long[] { 2, 3, 4 }, npy.Shape);
        Assert.AreEqual(0, npy.DataOffset % 64, "data must start at a multiple of 64");
        CollectionAssert.AreEqual(data, npy.Data);
    }

    [TestMethod]
    public void Int64VectorUsesOneTupleAndLittleEndian()
    {
        var path = TempFile();
        var data = new long[] { 0, 1, -2, 300, long.MaxValue };
        NpyWriter.Write(path, data, 5);
        var npy = NpyTestReader.Read(path);
        Assert.AreEqual("<i8", npy.Descr);
        Assert.Contains("'shape': (5,)", npy.HeaderText, "a 1-D shape is written as a one-element tuple");
        Assert.HasCount(40, npy.Data);
        for (var i = 0; i < data.Length; i++)
        {
            Assert.AreEqual(data[i], BinaryPrimitives.ReadInt64LittleEndian(npy.Data.AsSpan(i * 8, 8)));
        }

    }

    [TestMethod]
    public void Float32TensorKeepsShapeAndValues()
    {
        var path = TempFile();
        var values = new float[] { 0.5f, -1.25f, 3e-8f, 1000f, float.Epsilon, -0f };
        using (var tensor = torch.tensor(values, [3, 2]))
        {
            NpyWriter.Write(path, tensor);
        }

        var npy = NpyTestReader.Read(path);
        Assert.AreEqual("<f4", npy.Descr);
        CollectionAssert.AreEqual(new long[] { 3, 2 }, npy.Shape);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.AreEqual(BitConverter.SingleToInt32Bits(values[i]), BinaryPrimitives.ReadInt32LittleEndian(npy.Data.AsSpan(i * 4, 4)));
        }

    }

    [TestMethod]
    public void HeaderLengthIsAlwaysPaddedToSixtyFour()
    {
        foreach (var shape in new[] { new long[] { 1 }, new long[] { 60000, 28, 28 }, new long[] { 7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 } })
        {
            var header = NpyWriter.Header("<f4", shape);
            Assert.AreEqual(0, header.Length % 64, $"shape ({string.Join(",", shape)})");
            Assert.AreEqual((byte)'\n', header[^1]);
            Assert.AreEqual(header.Length - 10, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8, 2)));
        }
    }

    [TestMethod]
    public void ShapeThatDoesNotMatchTheDataIsRejected()
    {
        var path = TempFile();
        var e = Assert.ThrowsExactly<ArgumentException>(() => NpyWriter.Write(path, new byte[10], 3, 3));
        Assert.Contains("holds 9 items but 10 were given", e.Message);
        Assert.IsFalse(File.Exists(path), "nothing is written on error");
    }

    [TestMethod]
    public void UnsupportedTensorTypeIsRejected()
    {
        using var tensor = torch.tensor(new double[] { 1, 2 });
        var e = Assert.ThrowsExactly<ArgumentException>(() => NpyWriter.Write(TempFile(), tensor));
        Assert.Contains("Float64", e.Message);
    }

    [TestMethod]
    public void ByteTensorOfGeneratedImagesKeepsItsShape()
    {
        var path = TempFile();
        using (var images = torch.arange(0, 2 * 1 * 3 * 4, dtype: torch.ScalarType.Byte).reshape(2, 1, 3, 4))
        {
            NpyWriter.Write(path, images);
        }

        var npy = NpyTestReader.Read(path);
        Assert.AreEqual("|u1", npy.Descr);
        CollectionAssert.AreEqual(new long[] { 2, 1, 3, 4 }, npy.Shape);
        CollectionAssert.AreEqual(Enumerable.Range(0, 24).Select(i => (byte)i).ToArray(), npy.Data);
        Assert.AreEqual(0, npy.DataOffset % 64);
    }
}

// An independent reader of .npy 1.0 files: magic, header length and header dict parsed by hand, so the writer
// is checked against the format, not against itself.
internal sealed record NpyFile(string Descr, bool FortranOrder, long[] Shape, int DataOffset, byte[] Data, string HeaderText);

internal static partial class NpyTestReader
{
    public static NpyFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        CollectionAssert.AreEqual(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' }, bytes[..6], "magic");
        Assert.AreEqual((byte)1, bytes[6], "major version");
        Assert.AreEqual((byte)0, bytes[7], "minor version");
        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
        var offset = 10 + headerLength;
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.EndsWith("\n", header, "the header ends with a newline");
        var match = HeaderPattern().Match(header.TrimEnd(' ', '\n'));
        Assert.IsTrue(match.Success, $"header dict not in NumPy's form: {header}");
        var shapeText = match.Groups["shape"].Value.Trim();
        var shape = shapeText.Length == 0
            ? Array.Empty<long>()
            : shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToArray();
        return new NpyFile(match.Groups["descr"].Value, match.Groups["fortran"].Value == "True", shape, offset, bytes[offset..], header);
    }

    [GeneratedRegex(@"^\{'descr': '(?<descr>[^']+)', 'fortran_order': (?<fortran>True|False), 'shape': \((?<shape>[0-9, ]*)\), \}$")]
    private static partial Regex HeaderPattern();
}
