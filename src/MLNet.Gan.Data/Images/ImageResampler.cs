// Separable resampling of 8-bit HWC pixels: area averaging (box) when shrinking, bilinear when enlarging.
//
// Each axis gets a table of source taps and weights per output pixel; rows are filtered first into
// floats, then columns, and the result is rounded back to bytes. The source region may be a
// fractional rectangle, which is how an isotropic crop keeps exact proportions.
namespace MLNet.Gan.Data;

internal static class ImageResampler
{
    /// <summary>Source taps of one axis: output o reads Count[o] pixels from First[o] with weights at Offset[o].</summary>
    internal sealed class AxisTaps
    {
        public required int[] First { get; init; }

        public required int[] Count { get; init; }

        public required int[] Offset { get; init; }

        public required float[] Weights { get; init; }
    }

    /// <summary>
    /// Taps that map the source interval [regionStart, regionStart + regionLength) of an axis with
    /// <paramref name="sourceLength"/> pixels onto <paramref name="outputLength"/> pixels.
    /// </summary>
    internal static AxisTaps BuildTaps(int sourceLength, double regionStart, double regionLength, int outputLength)
    {
        var first = new int[outputLength];
        var count = new int[outputLength];
        var offset = new int[outputLength];
        var weights = new List<float>(outputLength * 2);
        var step = regionLength / outputLength;
        for (var o = 0; o < outputLength; o++)
        {
            offset[o] = weights.Count;
            if (step >= 1.0)
            {
                // Shrinking: average every source pixel by how much of it the output pixel covers.
                var a = regionStart + (o * step);
                var b = a + step;
                var lo = Math.Clamp((int)Math.Floor(a), 0, sourceLength - 1);
                var hi = Math.Clamp((int)Math.Ceiling(b) - 1, lo, sourceLength - 1);
                var total = 0.0;
                var start = weights.Count;
                for (var i = lo; i <= hi; i++)
                {
                    var cover = Math.Min(b, i + 1) - Math.Max(a, i);
                    weights.Add((float)Math.Max(cover, 0.0));
                    total += Math.Max(cover, 0.0);
                }

                for (var k = start; k < weights.Count; k++)
                {
                    weights[k] = total > 0 ? (float)(weights[k] / total) : 1f / (hi - lo + 1);
                }

                first[o] = lo;
                count[o] = hi - lo + 1;
            }
            else
            {
                // Enlarging: linear interpolation between the two nearest source centres.
                var centre = Math.Clamp(regionStart + ((o + 0.5) * step) - 0.5, 0.0, sourceLength - 1);
                var i0 = (int)Math.Floor(centre);
                var t = centre - i0;
                first[o] = i0;
                if (i0 + 1 < sourceLength && t > 0)
                {
                    weights.Add((float)(1 - t));
                    weights.Add((float)t);
                    count[o] = 2;
                }
                else
                {
                    weights.Add(1f);
                    count[o] = 1;
                }
            }
        }

        return new AxisTaps { First = first, Count = count, Offset = offset, Weights = weights.ToArray() };
    }

    /// <summary>
    /// Resamples the region (x, y, width, height in source pixels, fractional allowed) of an HWC image
    /// to outWidth x outHeight. // (H, W, C) -> (outHeight, outWidth, C)
    /// </summary>
    internal static byte[] Resample(
        byte[] source, int width, int height, int channels,
        double regionX, double regionY, double regionWidth, double regionHeight,
        int outWidth, int outHeight)
    {
        var tx = BuildTaps(width, regionX, regionWidth, outWidth);
        var ty = BuildTaps(height, regionY, regionHeight, outHeight);

        // Only the source rows some output row reads need the horizontal pass.
        var rowLo = ty.First.Min();
        var rowHi = Enumerable.Range(0, outHeight).Max(o => ty.First[o] + ty.Count[o] - 1);
        var rows = rowHi - rowLo + 1;

        // Horizontal pass: (rows, W, C) -> (rows, outWidth, C) in floats.
        var stride = outWidth * channels;
        var mid = new float[rows * stride];
        for (var r = 0; r < rows; r++)
        {
            var srcRow = (rowLo + r) * width * channels;
            var midRow = r * stride;
            for (var o = 0; o < outWidth; o++)
            {
                int f = tx.First[o], n = tx.Count[o], w0 = tx.Offset[o];
                for (var c = 0; c < channels; c++)
                {
                    var sum = 0f;
                    for (var k = 0; k < n; k++)
                    {
                        sum += tx.Weights[w0 + k] * source[srcRow + ((f + k) * channels) + c];
                    }

                    mid[midRow + (o * channels) + c] = sum;
                }
            }
        }

        // Vertical pass: (rows, outWidth, C) -> (outHeight, outWidth, C), rounded to bytes.
        var result = new byte[outHeight * stride];
        var acc = new float[stride];
        for (var o = 0; o < outHeight; o++)
        {
            Array.Clear(acc);
            int f = ty.First[o] - rowLo, n = ty.Count[o], w0 = ty.Offset[o];
            for (var k = 0; k < n; k++)
            {
                var weight = ty.Weights[w0 + k];
                var midRow = (f + k) * stride;
                for (var j = 0; j < stride; j++)
                {
                    acc[j] += weight * mid[midRow + j];
                }
            }

            var outRow = o * stride;
            for (var j = 0; j < stride; j++)
            {
                result[outRow + j] = ToByte(acc[j]);
            }
        }

        return result;
    }

    /// <summary>Rounds to the nearest byte; a small tolerance keeps 24.99998 at 25 and exact halves rounding up.</summary>
    internal static byte ToByte(float value)
    {
        var v = value + 0.5f + 1e-4f;
        return v <= 0f ? (byte)0 : v >= 255f ? (byte)255 : (byte)v;
    }
}
