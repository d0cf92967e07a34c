// Writes arrays as NumPy .npy files (format version 1.0) so Python can read generated images with numpy.load.
// Layout: magic "\x93NUMPY", version 1.0, a uint16 little-endian header length, a Python dict literal padded
// with spaces and ended by '\n' so the data starts at a multiple of 64 bytes, then the raw C-order data.
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;

namespace MLNet.Gan.IO;

/// <summary>Writes uint8, int64 and float32 arrays as NumPy <c>.npy</c> files (format 1.0, C order, little-endian).</summary>
/// <remarks>Files are written atomically through <see cref="AtomicFile"/>.</remarks>
public static class NpyWriter
{
    /// <summary>The alignment of the data start that NumPy asks for.</summary>
    public const int Alignment = 64;

    private const int PrefixLength = 6 + 2 + 2; // magic, version, header length

    /// <summary>The six magic bytes every .npy file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes <paramref name="data"/> as a uint8 array (<c>|u1</c>) of <paramref name="shape"/>.</summary>
    /// <param name="path">The .npy file to write.</param>
    /// <param name="data">The values in C (row-major) order.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    public static void Write(string path, ReadOnlySpan<byte> data, params long[] shape) =>
        WriteRaw(path, "|u1", data, shape, 1);

    /// <summary>Writes <paramref name="data"/> as an int64 array (<c>&lt;i8</c>) of <paramref name="shape"/>.</summary>
    /// <param name="path">The .npy file to write.</param>
    /// <param name="data">The values in C (row-major) order.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    public static void Write(string path, ReadOnlySpan<long> data, params long[] shape) =>
        WriteRaw(path, "<i8", LittleEndianBytes(data), shape, 8);

    /// <summary>Writes <paramref name="data"/> as a float32 array (<c>&lt;f4</c>) of <paramref name="shape"/>.</summary>
    /// <param name="path">The .npy file to write.</param>
    /// <param name="data">The values in C (row-major) order.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    public static void Write(string path, ReadOnlySpan<float> data, params long[] shape) =>
        WriteRaw(path, "<f4", LittleEndianBytes(data), shape, 4);

    /// <summary>Writes a tensor of dtype uint8, int64 or float32, on any device, with its own shape.</summary>
    /// <param name="path">The .npy file to write.</param>
    /// <param name="tensor">The values; they are copied to the CPU in C order.</param>
    /// <exception cref="ArgumentException">The tensor has another dtype.</exception>
    public static void Write(string path, torch.Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = tensor.shape;
        using var detached = tensor.detach();
        using var onCpu = detached.cpu();
        using var cpu = onCpu.contiguous();
        switch (tensor.dtype)
        {
            case torch.ScalarType.Byte:
                Write(path, cpu.data<byte>().ToArray(), shape);
                break;
            case torch.ScalarType.Int64:
                Write(path, cpu.data<long>().ToArray(), shape);
                break;
            case torch.ScalarType.Float32:
                Write(path, cpu.data<float>().ToArray(), shape);
                break;
            default:
                throw new ArgumentException($"the npy writer takes Byte (uint8), Int64 and Float32 tensors, found {tensor.dtype}", nameof(tensor));
        }
    }

    /// <summary>The header dict text NumPy expects for <paramref name="descr"/> and <paramref name="shape"/>, without padding.</summary>
    /// <param name="descr">The NumPy type string, such as <c>&lt;f4</c>.</param>
    /// <param name="shape">The dimensions; a single one is written as a one-element tuple.</param>
    public static string HeaderDict(string descr, IReadOnlyList<long> shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(descr);
        ArgumentNullException.ThrowIfNull(shape);
        var dims = shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        return $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {dims}, }}";
    }

    /// <summary>The full header, magic through the padded dict ending in '\n'; its length is a multiple of 64.</summary>
    /// <param name="descr">The NumPy type string, such as <c>&lt;f4</c>.</param>
    /// <param name="shape">The dimensions.</param>
    /// <exception cref="ArgumentException">The header would not fit format 1.0 (65535 bytes).</exception>
    public static byte[] Header(string descr, IReadOnlyList<long> shape)
    {
        var dict = HeaderDict(descr, shape);
        var unpadded = PrefixLength + dict.Length + 1;
        var total = (unpadded + Alignment - 1) / Alignment * Alignment;
        var headerLength = total - PrefixLength;
        if (headerLength > ushort.MaxValue)
        {
            throw new ArgumentException($"an npy header of {headerLength} bytes does not fit format 1.0 (the shape has {shape.Count} dimensions)", nameof(shape));
        }

        var bytes = new byte[total];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        var text = Encoding.ASCII.GetBytes(dict);
        text.CopyTo(bytes, PrefixLength);
        bytes.AsSpan(PrefixLength + text.Length, total - PrefixLength - text.Length - 1).Fill((byte)' ');
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
            throw new PlatformNotSupportedException("the npy writer needs a little-endian machine");
        }

        return MemoryMarshal.AsBytes(data);
    }
}
