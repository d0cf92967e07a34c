// Writes arrays as NumPy .npy files (format version 1.0) so Python can read generated images with numpy.load.
//
// Layout: "\x93NUMPY", version 1.0, uint16 little-endian header length, an ASCII Python dict literal padded
// with spaces and ended by '\n' so that the data starts at a multiple of 64 bytes, then the raw C-order data.
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using MLNet.Gan.Torch;

namespace MLNet.Gan.IO;

/// <summary>Writes uint8, int64 and float32 arrays as NumPy <c>.npy</c> files (format 1.0, C order, little-endian).</summary>
public static class NpyWriter
{
    /// <summary>The six magic bytes every .npy file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    /// <summary>The alignment of the data start that NumPy asks for.</summary>
    public const int Alignment = 64;

    /// <summary>Writes <paramref name="data"/> as a uint8 array ('|u1') of <paramref name="shape"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> data, params long[] shape) =>
        WriteRaw(path, "|u1", data, shape, 1);

    /// <summary>Writes <paramref name="data"/> as an int64 array ('&lt;i8') of <paramref name="shape"/>.</summary>
    public static void Write(string path, ReadOnlySpan<long> data, params long[] shape) =>
        WriteRaw(path, "<i8", LittleEndianBytes(data), shape, 8);

    /// <summary>Writes <paramref name="data"/> as a float32 array ('&lt;f4') of <paramref name="shape"/>.</summary>
    public static void Write(string path, ReadOnlySpan<float> data, params long[] shape) =>
        WriteRaw(path, "<f4", LittleEndianBytes(data), shape, 4);

    /// <summary>Writes a CPU or device tensor of dtype UInt8, Int64 or Float32 with its own shape.</summary>
    /// <exception cref="ArgumentException">The tensor has another dtype.</exception>
    public static void Write(string path, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = tensor.Shape;
        switch (tensor.Dtype)
        {
            case ScalarType.UInt8:
                Write(path, tensor.ToArray<byte>(), shape);
                break;
            case ScalarType.Int64:
                Write(path, tensor.ToArray<long>(), shape);
                break;
            case ScalarType.Float32:
                Write(path, tensor.ToArray<float>(), shape);
                break;
            default:
                throw new ArgumentException($"npy writer supports UInt8, Int64 and Float32 tensors, found {tensor.Dtype}", nameof(tensor));
        }
    }

    /// <summary>The header dict text NumPy expects for <paramref name="descr"/> and <paramref name="shape"/>, without padding.</summary>
    public static string HeaderDict(string descr, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var dims = shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        return $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {dims}, }}";
    }

    /// <summary>The full header (magic through the padded dict ending in '\n'); its length is a multiple of 64.</summary>
    public static byte[] Header(string descr, IReadOnlyList<long> shape)
    {
        var dict = HeaderDict(descr, shape);
        const int prefix = 6 + 2 + 2; // magic, version, header length
        var unpadded = prefix + dict.Length + 1;
        var total = (unpadded + Alignment - 1) / Alignment * Alignment;
        var headerLength = total - prefix;
        if (headerLength > ushort.MaxValue)
        {
            throw new ArgumentException($"npy header of {headerLength} bytes does not fit format 1.0 (shape has {shape.Count} dims)", nameof(shape));
        }

        var bytes = new byte[total];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        var text = Encoding.ASCII.GetBytes(dict);
        text.CopyTo(bytes, prefix);
        bytes.AsSpan(prefix + text.Length, total - prefix - text.Length - 1).Fill((byte)' ');
        bytes[total - 1] = (byte)'\n';
        return bytes;
    }

    private static void WriteRaw(string path, string descr, ReadOnlySpan<byte> data, long[] shape, int itemSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"npy shape ({string.Join(", ", shape)}) has a negative dimension", nameof(shape));
            }

            count *= d;
        }

        if (count * itemSize != data.Length)
        {
            throw new ArgumentException(
                $"npy shape ({string.Join(", ", shape)}) holds {count} items but {data.Length / itemSize} were given", nameof(shape));
        }

        var header = Header(descr, shape);
        var payload = data.ToArray();
        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            stream.Write(payload);
        });
    }

    private static ReadOnlySpan<byte> LittleEndianBytes<T>(ReadOnlySpan<T> data)
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("npy writer needs a little-endian machine");
        }

        return MemoryMarshal.AsBytes(data);
    }
}
