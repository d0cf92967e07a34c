// Resizing MLImage to a target size by stretching, isotropic cropping or isotropic padding.
namespace MLNet.Gan.Data;

public sealed partial class MLImage
{
    /// <summary>
    /// Resizes to <paramref name="width"/> x <paramref name="height"/>. Shrinking averages the covered
    /// source area (box filter); enlarging interpolates bilinearly (pixel centres at half-pixel offsets).
    /// </summary>
    /// <param name="width">Target width in pixels.</param>
    /// <param name="height">Target height in pixels.</param>
    /// <param name="resizing">
    /// <see cref="ImageResizingEstimator.ResizingKind.Fill"/> stretches the whole image;
    /// <see cref="ImageResizingEstimator.ResizingKind.IsoCrop"/> keeps proportions and crops the excess at <paramref name="anchor"/>;
    /// <see cref="ImageResizingEstimator.ResizingKind.IsoPad"/> keeps proportions and pads with zeros (black, transparent).
    /// </param>
    /// <param name="anchor">Where the kept region (IsoCrop) or the image (IsoPad) sits.</param>
    /// <returns>A new image with the same channels.</returns>
    public MLImage Resize(
        int width,
        int height,
        ImageResizingEstimator.ResizingKind resizing = ImageResizingEstimator.ResizingKind.Fill,
        ImageResizingEstimator.Anchor anchor = ImageResizingEstimator.Anchor.Center)
    {
        CheckShape(width, height, Channels);
        switch (resizing)
        {
            case ImageResizingEstimator.ResizingKind.Fill:
                return Resampled(0, 0, Width, Height, width, height);
            case ImageResizingEstimator.ResizingKind.IsoCrop:
                return IsoCrop(width, height, anchor);
            case ImageResizingEstimator.ResizingKind.IsoPad:
                return IsoPad(width, height, anchor);
            default:
                throw new ArgumentOutOfRangeException(nameof(resizing), resizing, "unknown resizing kind");
        }
    }

    private MLImage Resampled(double x, double y, double regionWidth, double regionHeight, int width, int height)
    {
        if (x == 0 && y == 0 && regionWidth == Width && regionHeight == Height && width == Width && height == Height)
        {
            return Create(Width, Height, Channels, (byte[])Pixels.Clone());
        }

        var pixels = ImageResampler.Resample(Pixels, Width, Height, Channels, x, y, regionWidth, regionHeight, width, height);
        return Create(width, height, Channels, pixels);
    }

    // The largest region of the target's aspect ratio that fits the source, placed at the anchor.
    private MLImage IsoCrop(int width, int height, ImageResizingEstimator.Anchor anchor)
    {
        double regionWidth = Width, regionHeight = Height, x = 0, y = 0;
        if ((long)Width * height > (long)Height * width)
        {
            regionWidth = (double)Height * width / height;
            x = anchor switch
            {
                ImageResizingEstimator.Anchor.Left => 0,
                ImageResizingEstimator.Anchor.Right => Width - regionWidth,
                _ => (Width - regionWidth) / 2,
            };
        }
        else if ((long)Width * height < (long)Height * width)
        {
            regionHeight = (double)Width * height / width;
            y = anchor switch
            {
                ImageResizingEstimator.Anchor.Top => 0,
                ImageResizingEstimator.Anchor.Bottom => Height - regionHeight,
                _ => (Height - regionHeight) / 2,
            };
        }

        return Resampled(x, y, regionWidth, regionHeight, width, height);
    }

    // The whole source scaled to fit inside the target, the rest zero.
    private MLImage IsoPad(int width, int height, ImageResizingEstimator.Anchor anchor)
    {
        var scale = Math.Min((double)width / Width, (double)height / Height);
        var innerWidth = Math.Clamp((int)Math.Round(Width * scale), 1, width);
        var innerHeight = Math.Clamp((int)Math.Round(Height * scale), 1, height);
        var inner = Resampled(0, 0, Width, Height, innerWidth, innerHeight);
        var left = anchor switch
        {
            ImageResizingEstimator.Anchor.Left => 0,
            ImageResizingEstimator.Anchor.Right => width - innerWidth,
            _ => (width - innerWidth) / 2,
        };
        var top = anchor switch
        {
            ImageResizingEstimator.Anchor.Top => 0,
            ImageResizingEstimator.Anchor.Bottom => height - innerHeight,
            _ => (height - innerHeight) / 2,
        };

        var pixels = new byte[width * height * Channels];
        var rowBytes = innerWidth * Channels;
        for (var r = 0; r < innerHeight; r++)
        {
            Array.Copy(inner.Pixels, r * rowBytes, pixels, (((top + r) * width) + left) * Channels, rowBytes);
        }

        return Create(width, height, Channels, pixels);
    }
}
