// Reads IDX files (the MNIST format), gzipped or not, checking the header and the payload length.
// Layout: two zero bytes, a type byte, a dimension count, one big-endian uint32 per dimension, then the values.
using System.IO.Compression;

namespace MLNet.Gan.Data;

/// <summary>Element type of an IDX file (its third header byte).</summary>
public enum IdxDataType : byte
{
    /// <summary>Unsigned byte (0x08).</summary>
    UByte = 0x08,

    /// <summary>Signed byte (0x09).</summary>
    SByte = 0x09,

    /// <summary>Big-endian int16 (0x0B).</summary>
    Int16 = 0x0B,

    /// <summary>Big-endian int32 (0x0C).</summary>
    Int32 = 0x0C,

    /// <summary>Big-endian float32 (0x0D).</summary>
    Float32 = 0x0D,

    /// <summary>Big-endian float64 (0x0E).</summary>
    Float64 = 0x0E,
}

/// <summary>The contents of one IDX file: element type, dimensions and raw (big-endian) values.</summary>
/// <remarks>
/// A gzip stream is recognised by its first two bytes (0x1f 0x8b), whatever the file is called. Every
/// error names the file: a missing file, a bad magic number, an unknown type, a truncated header or
/// payload, trailing bytes, and a gzip stream that does not decode.
/// </remarks>
public sealed class IdxFile
{
    private const int MaxDimensions = 16;

    private IdxFile(string path, IdxDataType dataType, int[] dimensions, byte[] data)
    {
        Path = path;
        DataType = dataType;
        Dimensions = dimensions;
        Data = data;
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>Element type.</summary>
    public IdxDataType DataType { get; }

    /// <summary>Dimensions, outermost first (e.g. [N, 28, 28] for images, [N] for labels).</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>The values as stored: big-endian, row-major.</summary>
    public byte[] Data { get; }

    /// <summary>Bytes per element of an IDX type.</summary>
    /// <param name="type">The element type.</param>
    public static int ElementSize(IdxDataType type) => type switch
    {
        IdxDataType.UByte or IdxDataType.SByte => 1,
        IdxDataType.Int16 => 2,
        IdxDataType.Int32 or IdxDataType.Float32 => 4,
        IdxDataType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown IDX type"),
    };

    /// <summary>Reads and checks an IDX file; gzip compression is detected from the content.</summary>
    /// <param name="path">The file to read.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Bad magic, unknown type, bad dimensions, a payload of the wrong length, or broken gzip data.</exception>
    public static IdxFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"IDX file not found: '{path}'", path);
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var b0 = file.ReadByte();
        var b1 = file.ReadByte();
        file.Position = 0;
        if (b0 == 0x1f && b1 == 0x8b)
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var buffered = new BufferedStream(new GzipErrorNaming(gzip, path), 1 << 16);
            return Parse(buffered, path);
        }

        return Parse(file, path);
    }

    private static IdxFile Parse(Stream stream, string path)
    {
        Span<byte> magic = stackalloc byte[4];
        ReadHeader(stream, magic, path, "magic number");
        if (magic[0] != 0 || magic[1] != 0)
        {
            throw new InvalidDataException(
                $"'{path}' is not an IDX file: its magic number must start with two zero bytes, found 0x{magic[0]:x2} 0x{magic[1]:x2}");
        }

        var type = (IdxDataType)magic[2];
        if (!Enum.IsDefined(type))
        {
            throw new InvalidDataException(
                $"IDX file '{path}' has unknown element type 0x{magic[2]:x2} in its magic number; expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E");
        }

        int rank = magic[3];
        if (rank is < 1 or > MaxDimensions)
        {
            throw new InvalidDataException($"IDX file '{path}' declares {rank} dimensions in its magic number; expected 1 to {MaxDimensions}");
        }

        var dims = new int[rank];
        Span<byte> word = stackalloc byte[4];
        var elements = 1L;
        for (var d = 0; d < rank; d++)
        {
            ReadHeader(stream, word, path, $"dimension {d}");
            var value = ((uint)word[0] << 24) | ((uint)word[1] << 16) | ((uint)word[2] << 8) | word[3];
            if (value > int.MaxValue)
            {
                throw new InvalidDataException($"IDX file '{path}' dimension {d} is {value}, larger than supported");
            }

            dims[d] = (int)value;
            elements *= value;
            if (elements * ElementSize(type) > Array.MaxLength)
            {
                throw new InvalidDataException($"IDX file '{path}' declares {string.Join("x", dims.Take(d + 1))} values: too many to hold in memory");
            }
        }

        var expected = (int)(elements * ElementSize(type));
        var data = new byte[expected];
        var found = stream.ReadAtLeast(data, expected, throwOnEndOfStream: false);
        if (found < expected)
        {
            throw new InvalidDataException(
                $"IDX file '{path}' is truncated: dimensions {string.Join("x", dims)} of {type} need {expected} payload bytes, found {found}");
        }

        var extra = CountRemaining(stream);
        if (extra > 0)
        {
            throw new InvalidDataException(
                $"IDX file '{path}' is longer than its header says: dimensions {string.Join("x", dims)} of {type} need {expected} payload bytes, found {expected + extra}");
        }

        return new IdxFile(path, type, dims, data);
    }

    private static void ReadHeader(Stream stream, Span<byte> into, string path, string what)
    {
        if (stream.ReadAtLeast(into, into.Length, throwOnEndOfStream: false) < into.Length)
        {
            throw new InvalidDataException($"IDX file '{path}' is truncated: it ends inside its header (reading the {what})");
        }
    }

    private static long CountRemaining(Stream stream)
    {
        var buffer = new byte[1 << 14];
        long total = 0;
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            total += n;
        }

        return total;
    }

    /// <summary>Reads a gzip stream, turning its decoding errors (which name no file) into errors that name the file.</summary>
    private sealed class GzipErrorNaming(Stream gzip, string path) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return gzip.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"IDX file '{path}' is not a valid gzip stream: {e.Message}", e);
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
