// Writes a finished ModelProto to a stream, or to a file through a temporary name and a rename.
using Google.Protobuf;
using MLNet.Gan.IO;
using Onnx;

namespace MLNet.Gan.Onnx;

/// <summary>Where an exported model goes.</summary>
internal static class OnnxFile
{
    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically (a temporary file renamed into place).</summary>
    public static void Write(ModelProto model, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, stream => model.WriteTo(stream));
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/>, which stays open.</summary>
    public static void Write(ModelProto model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        model.WriteTo(stream);
    }
}
