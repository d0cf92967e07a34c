// An independent reader of .npy version 1.0 files for tests: it parses the magic, the header length and the
// header dict text by hand, so the writer is checked against the format, not against itself.
using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace MLNet.Gan.Tests.IO;

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
