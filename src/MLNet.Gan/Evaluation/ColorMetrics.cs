// Image quality scores for colorization: PSNR and SSIM against the true colors, and the colorfulness metric of
// Hasler and Suesstrunk (2003), computed on the R, G, B bytes of opaque MLImages.
using Microsoft.ML.Data;
using MLNet.Gan.Imaging;

namespace MLNet.Gan.Evaluation;

/// <summary>PSNR, SSIM and colorfulness of MLImages (alpha is ignored).</summary>
public static class ColorMetrics
{
    private const int Window = 11;
    private const double Sigma = 1.5;

    /// <summary>
    /// Peak signal-to-noise ratio in dB over the R, G, B values: 10 log10(255² / MSE); positive infinity for
    /// identical images.
    /// </summary>
    /// <exception cref="ArgumentException">The images differ in size.</exception>
    public static double Psnr(MLImage image, MLImage reference) => PsnrOf(MeanSquaredError(image, reference));

    /// <summary>PSNR in dB of a mean squared error of byte values (e.g. pooled over a set of images); infinite for 0.</summary>
    public static double PsnrOf(double meanSquaredError) =>
        meanSquaredError == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / meanSquaredError);

    /// <summary>Mean squared difference of the R, G, B values (0..255) of two images of one size.</summary>
    /// <exception cref="ArgumentException">The images differ in size.</exception>
    public static double MeanSquaredError(MLImage image, MLImage reference)
    {
        var (a, b) = Planes(image, reference);
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }

        return sum / a.Length;
    }

    /// <summary>
    /// Structural similarity (Wang et al. 2004) with an 11x11 Gaussian window (sigma 1.5), K1 = 0.01, K2 = 0.03, over
    /// the windows that fit inside the image, averaged over R, G and B: 1 for identical images. Images smaller than
    /// 11 px on a side use one window of their size.
    /// </summary>
    /// <exception cref="ArgumentException">The images differ in size.</exception>
    public static double Ssim(MLImage image, MLImage reference)
    {
        var (a, b) = Planes(image, reference);
        int w = image.Width, h = image.Height, plane = w * h;
        int kw = Math.Min(Window, w), kh = Math.Min(Window, h);
        var kx = Gaussian(kw);
        var ky = Gaussian(kh);
        const double c1 = 0.01 * 255 * 0.01 * 255, c2 = 0.03 * 255 * 0.03 * 255;
        double total = 0;
        long windows = 0;
        for (var c = 0; c < 3; c++)
        {
            for (var y0 = 0; y0 + kh <= h; y0++)
            {
                for (var x0 = 0; x0 + kw <= w; x0++)
                {
                    double ma = 0, mb = 0, saa = 0, sbb = 0, sab = 0;
                    for (var dy = 0; dy < kh; dy++)
                    {
                        var row = (c * plane) + ((y0 + dy) * w) + x0;
                        for (var dx = 0; dx < kw; dx++)
                        {
                            var k = ky[dy] * kx[dx];
                            double va = a[row + dx], vb = b[row + dx];
                            ma += k * va;
                            mb += k * vb;
                            saa += k * va * va;
                            sbb += k * vb * vb;
                            sab += k * va * vb;
                        }
                    }

                    var varA = saa - (ma * ma);
                    var varB = sbb - (mb * mb);
                    var cov = sab - (ma * mb);
                    total += ((2 * ma * mb) + c1) * ((2 * cov) + c2) / (((ma * ma) + (mb * mb) + c1) * (varA + varB + c2));
                    windows++;
                }
            }
        }

        return total / windows;
    }

    /// <summary>
    /// Colorfulness M = sigma_rgyb + 0.3 mu_rgyb (Hasler and Suesstrunk 2003) from rg = R - G and yb = (R + G) / 2 - B:
    /// 0 for a gray image; about 15 is "slightly colorful", 59 "quite colorful", 109 "extremely colorful".
    /// </summary>
    public static double Colorfulness(MLImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var order = ChannelOrder.Of(image.PixelFormat);
        var pixels = image.Pixels;
        var n = image.Width * image.Height;
        double sumRg = 0, sumYb = 0, sqRg = 0, sqYb = 0;
        for (var p = 0; p < n; p++)
        {
            var px = pixels.Slice(p * ImagePixels.BytesPerPixel, ImagePixels.BytesPerPixel);
            double r = px[order.R], g = px[order.G], b = px[order.B];
            double rg = r - g, yb = (0.5 * (r + g)) - b;
            sumRg += rg;
            sumYb += yb;
            sqRg += rg * rg;
            sqYb += yb * yb;
        }

        double meanRg = sumRg / n, meanYb = sumYb / n;
        var varRg = Math.Max(0, (sqRg / n) - (meanRg * meanRg));
        var varYb = Math.Max(0, (sqYb / n) - (meanYb * meanYb));
        return Math.Sqrt(varRg + varYb) + (0.3 * Math.Sqrt((meanRg * meanRg) + (meanYb * meanYb)));
    }

    // R, G, B planes (CHW, 0..255) of two images of one size.
    private static (float[] A, float[] B) Planes(MLImage image, MLImage reference)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(reference);
        if (image.Width != reference.Width || image.Height != reference.Height)
        {
            throw new ArgumentException(
                $"the image is {image.Width}x{image.Height} but the reference is {reference.Width}x{reference.Height}: metrics compare images of one size");
        }

        return (Rgb(image), Rgb(reference));
    }

    private static float[] Rgb(MLImage image)
    {
        var values = new float[3 * image.Width * image.Height];
        ImageTensors.ToChw(image, 3, values);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (values[i] + 1f) * 127.5f; // back to 0..255 (ToChw scales to [-1, 1])
        }

        return values;
    }

    // A normalised 1-D Gaussian of n taps.
    private static double[] Gaussian(int n)
    {
        var k = new double[n];
        var center = (n - 1) / 2.0;
        for (var i = 0; i < n; i++)
        {
            k[i] = Math.Exp(-((i - center) * (i - center)) / (2 * Sigma * Sigma));
        }

        var sum = k.Sum();
        return k.Select(v => v / sum).ToArray();
    }
}
