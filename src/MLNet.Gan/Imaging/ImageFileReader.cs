// Decodes untrusted image files safely: the pixel count is checked from the header before any pixel is decoded, a
// truncated or corrupt file is refused by name (never a partial image), EXIF orientation is applied, and the result is
// resized by one policy and composited onto a background, so it is always opaque.
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using SkiaSharp;

namespace MLNet.Gan.Imaging;

/// <summary>How <see cref="ImageFileReader"/> decodes, limits, resizes and composites an image file.</summary>
public sealed class ImageReadOptions
{
    /// <summary>
    /// The default pixel limit: 64 megapixels. Every common camera and phone photo fits (a 61-megapixel full-frame
    /// sensor, 9504 x 6336, does); decoding one takes at most 256 MiB (4 bytes a pixel); a 40,000 x 40,000 PNG of a
    /// few MB that would need 6 GiB is refused from its header.
    /// </summary>
    public const long DefaultMaxPixels = 64_000_000;

    /// <summary>Most pixels (width × height, read from the header) a file may have. Default <see cref="DefaultMaxPixels"/>.</summary>
    public long MaxPixels { get; set; } = DefaultMaxPixels;

    /// <summary>The colour transparent pixels (and padding) are composited onto. Default <see cref="ImageBackground.White"/>.</summary>
    public ImageBackground Background { get; set; } = ImageBackground.White;

    /// <summary>
    /// Fewest pixels the file's shorter side may have (read from the header); a smaller image is refused as too small
    /// rather than enlarged from almost nothing. Default 1.
    /// </summary>
    public int MinimumSize { get; set; } = 1;

    /// <summary>Width of the image returned; null keeps the file's (oriented) width. Default null.</summary>
    public int? Width { get; set; }

    /// <summary>Height of the image returned; null keeps the file's (oriented) height. Default null.</summary>
    public int? Height { get; set; }

    /// <summary>
    /// How an image of another shape fits <see cref="Width"/> x <see cref="Height"/>: <c>IsoCrop</c> (the default, as in
    /// ML.NET's ResizeImages) scales it to cover the target and crops the centre; <c>IsoPad</c> scales it to fit inside and
    /// pads with <see cref="Background"/>; <c>Fill</c> stretches it.
    /// </summary>
    public ImageResizingEstimator.ResizingKind Resizing { get; set; } = ImageResizingEstimator.ResizingKind.IsoCrop;

    /// <summary>Throws when an option is out of range.</summary>
    internal void Check()
    {
        if (MaxPixels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPixels), MaxPixels, $"MaxPixels must be positive, got {MaxPixels}");
        }

        if (MinimumSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumSize), MinimumSize, $"MinimumSize must be positive, got {MinimumSize}");
        }

        if (Width is < 1 || Height is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), $"Width and Height must be positive, got {Width}x{Height}");
        }
    }
}

/// <summary>
/// Reads image files (PNG 8/16-bit, gray, palette and alpha; JPEG baseline, progressive and CMYK; the first frame of a
/// GIF; BMP; WebP; ICO) into opaque <see cref="MLImage"/>s through SkiaSharp's codec, the decoder under ML.NET's own
/// <c>LoadImages</c>.
/// </summary>
/// <remarks>
/// Unlike <c>MLImage.CreateFromFile</c>, which decodes whatever a header claims and returns a partly blank image for a
/// truncated file, every problem here is an <see cref="ImageFileException"/> that names the file: empty, not an image,
/// truncated, corrupt, or over <see cref="ImageReadOptions.MaxPixels"/> (checked before decoding, so memory stays within
/// 4 bytes × MaxPixels whatever the file claims). The image is turned upright by its EXIF orientation, resized by
/// <see cref="ImageReadOptions.Resizing"/> and composited onto <see cref="ImageReadOptions.Background"/> in one draw, so
/// neither transparency nor resizing leaves a pixel with alpha below 255. Safe to call from several threads at once.
/// </remarks>
public static class ImageFileReader
{
    /// <summary>The decoded, upright, resized and composited image in <paramref name="path"/>.</summary>
    /// <exception cref="ImageFileException">The file is empty, not an image, truncated, corrupt or too large.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static MLImage Read(string path, ImageReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new ImageReadOptions();
        options.Check();
        if (new FileInfo(path).Length == 0) // FileInfo.Length throws FileNotFoundException for a missing file
        {
            throw new ImageFileException(path, ImageFileProblem.Empty, "not an image: the file is empty (0 bytes)");
        }

        var codec = SKCodec.Create(path, out var result);
        return Decode(codec, result, path, options);
    }

    /// <summary>The image in <paramref name="bytes"/>, named <paramref name="name"/> in errors.</summary>
    /// <exception cref="ImageFileException">The bytes are empty, not an image, truncated, corrupt or too large.</exception>
    public static MLImage Read(byte[] bytes, string name, ImageReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        options ??= new ImageReadOptions();
        options.Check();
        if (bytes.Length == 0)
        {
            throw new ImageFileException(name, ImageFileProblem.Empty, "not an image: the file is empty (0 bytes)");
        }

        var codec = SKCodec.Create(new SKMemoryStream(bytes), out var result); // the codec owns the stream
        return Decode(codec, result, name, options);
    }

    private static MLImage Decode(SKCodec? codec, SKCodecResult result, string name, ImageReadOptions options)
    {
        if (codec is null)
        {
            throw result switch
            {
                SKCodecResult.Unimplemented => new ImageFileException(name, ImageFileProblem.NotAnImage,
                    "not an image: no decoder recognises its contents (PNG, JPEG, GIF, BMP, WebP and ICO are read)"),
                SKCodecResult.IncompleteInput => new ImageFileException(name, ImageFileProblem.Truncated,
                    "truncated: the file ends inside the image header"),
                _ => new ImageFileException(name, ImageFileProblem.Corrupt, $"corrupt: the image header does not decode ({result})"),
            };
        }

        using (codec)
        {
            var (width, height) = (codec.Info.Width, codec.Info.Height);
            var format = codec.EncodedFormat.ToString().ToUpperInvariant();
            if (width <= 0 || height <= 0)
            {
                throw new ImageFileException(name, ImageFileProblem.Corrupt, $"corrupt: the {format} header gives a size of {width}x{height}");
            }

            if ((long)width * height > options.MaxPixels)
            {
                throw new ImageFileException(name, ImageFileProblem.TooLarge,
                    $"{width}x{height} pixels ({format}) is over the limit of {options.MaxPixels:N0} pixels; " +
                    "raise MaxPixels (--max-pixels) to read it");
            }

            if (Math.Min(width, height) < options.MinimumSize)
            {
                throw new ImageFileException(name, ImageFileProblem.TooSmall,
                    $"{width}x{height} pixels is smaller than the {options.MinimumSize}x{options.MinimumSize} needed");
            }

            var origin = codec.EncodedOrigin;
            var size = DecodeSize(codec, origin, options);
            var info = new SKImageInfo(size.Width, size.Height, SKColorType.Bgra8888, SKAlphaType.Premul);
            using var decoded = new SKBitmap(info);
            var decodeResult = codec.GetPixels(info, decoded.GetPixels());
            if (decodeResult is not SKCodecResult.Success)
            {
                throw decodeResult switch
                {
                    SKCodecResult.IncompleteInput => new ImageFileException(name, ImageFileProblem.Truncated,
                        $"truncated: the file ends before the {width}x{height} {format} image does"),
                    _ => new ImageFileException(name, ImageFileProblem.Corrupt,
                        $"corrupt: the {width}x{height} {format} image data has errors ({decodeResult})"),
                };
            }

            return ImageRendering.Render(decoded, origin, options);
        }
    }

    // JPEG (and WebP) decode straight to a smaller size: at least twice the target's resolution, so the final resize
    // still filters; other formats decode at full size.
    private static SKSizeI DecodeSize(SKCodec codec, SKEncodedOrigin origin, ImageReadOptions options)
    {
        var full = new SKSizeI(codec.Info.Width, codec.Info.Height);
        if (options.Width is not { } w || options.Height is not { } h || codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp))
        {
            return full;
        }

        var (uprightWidth, uprightHeight) = ImageRendering.SwapsAxes(origin) ? (full.Height, full.Width) : (full.Width, full.Height);
        var scale = 2f * Math.Max(w / (float)uprightWidth, h / (float)uprightHeight);
        if (scale >= 1f)
        {
            return full;
        }

        var scaled = codec.GetScaledDimensions(scale);
        return scaled.Width > 0 && scaled.Height > 0 && scaled.Width <= full.Width && scaled.Height <= full.Height ? scaled : full;
    }
}
