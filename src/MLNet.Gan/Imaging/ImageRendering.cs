// Turns a decoded bitmap into the opaque MLImage the trainers take: upright (EXIF orientation), resized by one policy
// (crop, pad or stretch) and composited onto the background, all in one draw onto a canvas cleared to the background.
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using SkiaSharp;

namespace MLNet.Gan.Imaging;

/// <summary>Orientation, resizing and compositing of decoded bitmaps.</summary>
internal static class ImageRendering
{
    // Catmull-Rom (sharp, and exact at scale 1) up to a halving; beyond that, bilinear between the two nearest mipmap
    // levels, so a photo shrunk to 64 px does not alias.
    private static readonly SKSamplingOptions Sharp = new(SKCubicResampler.CatmullRom);
    private static readonly SKSamplingOptions Smooth = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>True for the EXIF orientations (5 to 8) that turn the image a quarter, so width and height trade places.</summary>
    public static bool SwapsAxes(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>
    /// <paramref name="decoded"/> (premultiplied Bgra8888, stored as <paramref name="origin"/> says) upright, fitted to the
    /// options' size and composited onto their background: an opaque Bgra32 MLImage.
    /// </summary>
    public static MLImage Render(SKBitmap decoded, SKEncodedOrigin origin, ImageReadOptions options)
    {
        using var upright = Upright(decoded, origin);
        var source = upright ?? decoded;
        var width = options.Width ?? source.Width;
        var height = options.Height ?? source.Height;
        var (sourceRect, targetRect) = Fit(source.Width, source.Height, width, height, options.Resizing);
        using var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(target))
        using (var image = SKImage.FromBitmap(source))
        {
            var bg = options.Background;
            canvas.Clear(new SKColor(bg.R, bg.G, bg.B));
            var shrink = Math.Max(sourceRect.Width / targetRect.Width, sourceRect.Height / targetRect.Height);
            canvas.DrawImage(image, sourceRect, targetRect, shrink <= 2 ? Sharp : Smooth);
        }

        return MLImage.CreateFromPixels(width, height, MLPixelFormat.Bgra32, target.GetPixelSpan());
    }

    /// <summary>
    /// The part of a <paramref name="sourceWidth"/> x <paramref name="sourceHeight"/> image that is drawn, and where, in a
    /// <paramref name="width"/> x <paramref name="height"/> target: the centre crop with the target's aspect (IsoCrop), the
    /// whole image centred inside (IsoPad; the rest is background), or the whole image stretched (Fill).
    /// </summary>
    public static (SKRect Source, SKRect Target) Fit(int sourceWidth, int sourceHeight, int width, int height, ImageResizingEstimator.ResizingKind kind)
    {
        var whole = new SKRect(0, 0, sourceWidth, sourceHeight);
        var all = new SKRect(0, 0, width, height);
        var sourceAspect = sourceWidth / (double)sourceHeight;
        var targetAspect = width / (double)height;
        switch (kind)
        {
            case ImageResizingEstimator.ResizingKind.Fill:
                return (whole, all);
            case ImageResizingEstimator.ResizingKind.IsoPad:
                var scale = Math.Min(width / (double)sourceWidth, height / (double)sourceHeight);
                float w = (float)(sourceWidth * scale), h = (float)(sourceHeight * scale);
                return (whole, SKRect.Create((width - w) / 2, (height - h) / 2, w, h));
            case ImageResizingEstimator.ResizingKind.IsoCrop:
                if (sourceAspect > targetAspect)
                {
                    var cropWidth = (float)(sourceHeight * targetAspect);
                    return (SKRect.Create((sourceWidth - cropWidth) / 2, 0, cropWidth, sourceHeight), all);
                }

                var cropHeight = (float)(sourceWidth / targetAspect);
                return (SKRect.Create(0, (sourceHeight - cropHeight) / 2, sourceWidth, cropHeight), all);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, $"resizing kind {kind} is not one of Fill, IsoPad, IsoCrop");
        }
    }

    // A new upright bitmap for the orientations that need one; null when the pixels are already upright.
    private static SKBitmap? Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or (SKEncodedOrigin)0)
        {
            return null;
        }

        int w = bitmap.Width, h = bitmap.Height;
        var (uw, uh) = SwapsAxes(origin) ? (h, w) : (w, h);
        var upright = new SKBitmap(new SKImageInfo(uw, uh, SKColorType.Bgra8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(upright);
        canvas.Clear(SKColors.Transparent);

        // The matrix maps a stored pixel to where it is shown (EXIF 2..8: mirror, turn, or both).
        var m = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => SKMatrix.Identity,
        };
        canvas.SetMatrix(m);
        canvas.DrawBitmap(bitmap, 0, 0);
        return upright;
    }
}
