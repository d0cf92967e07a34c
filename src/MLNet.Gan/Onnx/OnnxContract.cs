// The one input/output contract of every exported graph: tensor names, shapes, pixel range and layout, and the
// metadata_props keys that carry it inside the ONNX file.
using System.Reflection;
using System.Text.Json;

namespace MLNet.Gan.Onnx;

/// <summary>
/// The contract every ONNX graph exported by MLNet.Gan follows (written into the file's metadata_props too).
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Generator inputs</term><description><see cref="LatentInput"/> float [batch, latent size], z ~ N(0, 1); and, when conditional,
/// <see cref="LabelInput"/> int64 [batch, 1], the zero-based class index. With noise drawn in the graph: only the label, or
/// <see cref="RowInput"/> float [batch, 1] (ignored) for an unconditional generator.</description></item>
/// <item><term>Colorizer input</term><description><see cref="GrayInput"/> float [batch, height x width], gray values in 0..255 at the trained size.</description></item>
/// <item><term>Output</term><description><see cref="PixelsOutput"/> float [batch, channels x height x width] in 0..255, channel-planar: the
/// red plane, then green, then blue (one gray plane for a 1-channel generator), each row by row; whole numbers unless exported
/// with <see cref="OnnxExportOptions.WholePixels"/> off. This is the order ML.NET's <c>ConvertToImage</c> reads with its
/// defaults (ColorBits.Rgb, ColorsOrder.ARGB, planar, scale 1, offset 0).</description></item>
/// </list>
/// </remarks>
public static class OnnxContract
{
    /// <summary>The latent input of a generator: float [batch, latent size].</summary>
    public const string LatentInput = "Latent";

    /// <summary>The class input of a conditional generator: int64 [batch, 1], zero-based.</summary>
    public const string LabelInput = "Label";

    /// <summary>The placeholder input of an unconditional generator that draws its noise in the graph: float [batch, 1], ignored.</summary>
    public const string RowInput = "Row";

    /// <summary>The input of a colorizer: float [batch, height x width], gray values 0..255.</summary>
    public const string GrayInput = "Gray";

    /// <summary>The output of every graph: float [batch, channels x height x width], 0..255, channel-planar.</summary>
    public const string PixelsOutput = "Pixels";

    /// <summary>metadata_props key: "generator" or "colorizer".</summary>
    public const string KindKey = "mlnet_gan.kind";

    /// <summary>metadata_props key: the class names as a JSON array of strings, in label order (empty for an unconditional model).</summary>
    public const string ClassNamesKey = "class_names";

    /// <summary>metadata_props key: image height in pixels.</summary>
    public const string HeightKey = "image_height";

    /// <summary>metadata_props key: image width in pixels.</summary>
    public const string WidthKey = "image_width";

    /// <summary>metadata_props key: channels of <see cref="PixelsOutput"/> (1 gray, 3 RGB).</summary>
    public const string ChannelsKey = "channels";

    /// <summary>metadata_props key: size of z (generators).</summary>
    public const string LatentSizeKey = "latent_size";

    /// <summary>metadata_props key: the MLNet.Gan version that wrote the file.</summary>
    public const string LibraryVersionKey = "library_version";

    /// <summary>metadata_props key: the range of the pixel values.</summary>
    public const string PixelRangeKey = "pixel_range";

    /// <summary>metadata_props key: how the pixel vector is laid out.</summary>
    public const string LayoutKey = "pixel_layout";

    /// <summary>metadata_props key: where z comes from ("input Latent ~ N(0, 1)" or the in-graph RandomNormal and its seed).</summary>
    public const string NoiseKey = "noise";

    /// <summary>The layout written into every file.</summary>
    public const string Layout = "channel-planar: [batch, channels x height x width], the R plane, then G, then B (one gray plane when channels = 1), each plane row by row";

    /// <summary>The version of this library (the informational version of its assembly).</summary>
    public static string LibraryVersion { get; } =
        typeof(OnnxContract).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(OnnxContract).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The class names as <see cref="ClassNamesKey"/> holds them.</summary>
    internal static string ClassNamesJson(IEnumerable<string> names) => JsonSerializer.Serialize(names.ToArray());
}
