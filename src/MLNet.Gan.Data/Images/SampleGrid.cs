// Lays images out in a labelled grid and writes it as one PNG: how generated samples are looked at.
namespace MLNet.Gan.Data;

/// <summary>Arranges equally sized images in rows, with an optional text label left of each row.</summary>
/// <remarks>
/// Layout at scale 1: a label column as wide as the longest label (5x7 glyphs, 6 px per character)
/// plus padding, then the tiles separated by <c>padding</c> pixels of background. Gray and alpha
/// images are shown as RGB (alpha blended over the background). The result is enlarged by an integer
/// <c>scale</c> with nearest-neighbour pixels so that every pixel stays sharp.
/// </remarks>
public static class SampleGrid
{
    /// <summary>Background and padding colour (dark gray, so black tiles stay visible).</summary>
    public static readonly byte[] Background = { 48, 48, 48 };

    /// <summary>Label text colour.</summary>
    public static readonly byte[] TextColor = { 255, 255, 255 };

    /// <summary>Builds the grid and writes it as a PNG file (atomically).</summary>
    /// <param name="path">Target .png file; missing folders are created.</param>
    /// <param name="images">The tiles, row after row; all of one size.</param>
    /// <param name="columns">Tiles per row.</param>
    /// <param name="rowLabels">One label per row (ceil(images / columns) of them), or null for none.</param>
    /// <param name="padding">Background pixels between tiles and around the grid.</param>
    /// <param name="scale">Integer enlargement of the whole grid.</param>
    public static void Write(string path, IReadOnlyList<MLImage> images, int columns, IReadOnlyList<string>? rowLabels = null, int padding = 2, int scale = 1)
    {
        Compose(images, columns, rowLabels, padding, scale).Save(path);
    }

    /// <summary>Builds the grid as an RGB image; see <see cref="Write"/> for the parameters.</summary>
    public static MLImage Compose(IReadOnlyList<MLImage> images, int columns, IReadOnlyList<string>? rowLabels = null, int padding = 2, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("a sample grid needs at least one image", nameof(images));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);

        int tileWidth = images[0].Width, tileHeight = images[0].Height;
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i] is null)
            {
                throw new ArgumentException($"image {i} is null", nameof(images));
            }

            if (images[i].Width != tileWidth || images[i].Height != tileHeight)
            {
                throw new ArgumentException(
                    $"sample grid tiles must share one size: image 0 is {tileWidth}x{tileHeight}, image {i} is {images[i].Width}x{images[i].Height}",
                    nameof(images));
            }
        }

        var rows = (images.Count + columns - 1) / columns;
        if (rowLabels is not null && rowLabels.Count != rows)
        {
            throw new ArgumentException($"{images.Count} images in {columns} columns make {rows} rows; expected {rows} row labels, found {rowLabels.Count}", nameof(rowLabels));
        }

        var labelWidth = rowLabels is null ? 0 : padding + rowLabels.Max(l => BitmapFont.MeasureWidth(l ?? string.Empty));
        var usedColumns = Math.Min(columns, images.Count);
        var width = labelWidth + padding + (usedColumns * (tileWidth + padding));
        var height = padding + (rows * (tileHeight + padding));
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i += 3)
        {
            Background.CopyTo(pixels, i);
        }

        for (var i = 0; i < images.Count; i++)
        {
            var left = labelWidth + padding + ((i % columns) * (tileWidth + padding));
            var top = padding + ((i / columns) * (tileHeight + padding));
            var tile = images[i].CompositeAlpha(Background[0], Background[1], Background[2]).WithChannels(3);
            for (var r = 0; r < tileHeight; r++)
            {
                Array.Copy(tile.Pixels, r * tileWidth * 3, pixels, (((top + r) * width) + left) * 3, tileWidth * 3);
            }
        }

        if (rowLabels is not null)
        {
            for (var r = 0; r < rows; r++)
            {
                var top = padding + (r * (tileHeight + padding)) + Math.Max(0, (tileHeight - BitmapFont.GlyphHeight) / 2);
                BitmapFont.Draw(pixels, width, height, 3, padding, top, rowLabels[r] ?? string.Empty, TextColor);
            }
        }

        var grid = MLImage.CreateFromPixels(width, height, 3, pixels);
        return scale == 1 ? grid : Enlarge(grid, scale);
    }

    // Nearest-neighbour enlargement by an integer factor. // (H, W, C) -> (sH, sW, C)
    private static MLImage Enlarge(MLImage image, int scale)
    {
        int w = image.Width, h = image.Height, c = image.Channels;
        var big = new byte[checked(w * scale * h * scale * c)];
        var bigRow = w * scale * c;
        for (var y = 0; y < h; y++)
        {
            var row = y * scale * bigRow;
            for (var x = 0; x < w; x++)
            {
                for (var k = 0; k < scale; k++)
                {
                    Array.Copy(image.Pixels, ((y * w) + x) * c, big, row + ((((x * scale) + k)) * c), c);
                }
            }

            for (var k = 1; k < scale; k++)
            {
                Array.Copy(big, row, big, row + (k * bigRow), bigRow);
            }
        }

        return MLImage.CreateFromPixels(w * scale, h * scale, c, big);
    }
}
