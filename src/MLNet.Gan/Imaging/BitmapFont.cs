// A 5x7 pixel font for printable ASCII, drawn by hand, for row labels in sample grids and text in charts.
// Each glyph is seven rows of five cells, '#' ink and '.' blank; characters outside 32..126 show as a hollow box.
namespace MLNet.Gan.Imaging;

/// <summary>A fixed 5x7 bitmap font for printable ASCII; one column of spacing between glyphs.</summary>
public static class BitmapFont
{
    /// <summary>Glyph width in pixels.</summary>
    public const int GlyphWidth = 5;

    /// <summary>Glyph height in pixels.</summary>
    public const int GlyphHeight = 7;

    /// <summary>Horizontal distance between the starts of two glyphs.</summary>
    public const int Advance = GlyphWidth + 1;

    private const string Box = "##### #...# #...# #...# #...# #...# #####";

    private static readonly string[] s_glyphs =
    [
        "..... ..... ..... ..... ..... ..... .....", // space
        "..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#..", // !
        ".#.#. .#.#. .#.#. ..... ..... ..... .....", // "
        ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.", // #
        "..#.. .#### #.#.. .###. ..#.# ####. ..#..", // $
        "##... ##..# ...#. ..#.. .#... #..## ...##", // %
        ".##.. #..#. #.#.. .#... #.#.# #..#. .##.#", // &
        "..#.. ..#.. .#... ..... ..... ..... .....", // '
        "...#. ..#.. .#... .#... .#... ..#.. ...#.", // (
        ".#... ..#.. ...#. ...#. ...#. ..#.. .#...", // )
        "..... ..#.. #.#.# .###. #.#.# ..#.. .....", // *
        "..... ..#.. ..#.. ##### ..#.. ..#.. .....", // +
        "..... ..... ..... ..... .##.. ..#.. .#...", // ,
        "..... ..... ..... ##### ..... ..... .....", // -
        "..... ..... ..... ..... ..... .##.. .##..", // .
        "..... ....# ...#. ..#.. .#... #.... .....", // /
        ".###. #...# #..## #.#.# ##..# #...# .###.", // 0
        "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.", // 1
        ".###. #...# ....# ...#. ..#.. .#... #####", // 2
        "##### ...#. ..#.. ...#. ....# #...# .###.", // 3
        "...#. ..##. .#.#. #..#. ##### ...#. ...#.", // 4
        "##### #.... ####. ....# ....# #...# .###.", // 5
        "..##. .#... #.... ####. #...# #...# .###.", // 6
        "##### ....# ...#. ..#.. .#... .#... .#...", // 7
        ".###. #...# #...# .###. #...# #...# .###.", // 8
        ".###. #...# #...# .#### ....# ...#. .##..", // 9
        "..... .##.. .##.. ..... .##.. .##.. .....", // :
        "..... .##.. .##.. ..... .##.. ..#.. .#...", // ;
        "...#. ..#.. .#... #.... .#... ..#.. ...#.", // <
        "..... ..... ##### ..... ##### ..... .....", // =
        ".#... ..#.. ...#. ....# ...#. ..#.. .#...", // >
        ".###. #...# ....# ...#. ..#.. ..... ..#..", // ?
        ".###. #...# ....# .##.# #.#.# #.#.# .###.", // @
        ".###. #...# #...# ##### #...# #...# #...#", // A
        "####. #...# #...# ####. #...# #...# ####.", // B
        ".###. #...# #.... #.... #.... #...# .###.", // C
        "###.. #..#. #...# #...# #...# #..#. ###..", // D
        "##### #.... #.... ####. #.... #.... #####", // E
        "##### #.... #.... ####. #.... #.... #....", // F
        ".###. #...# #.... #.### #...# #...# .####", // G
        "#...# #...# #...# ##### #...# #...# #...#", // H
        ".###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.", // I
        "..### ...#. ...#. ...#. ...#. #..#. .##..", // J
        "#...# #..#. #.#.. ##... #.#.. #..#. #...#", // K
        "#.... #.... #.... #.... #.... #.... #####", // L
        "#...# ##.## #.#.# #.#.# #...# #...# #...#", // M
        "#...# #...# ##..# #.#.# #..## #...# #...#", // N
        ".###. #...# #...# #...# #...# #...# .###.", // O
        "####. #...# #...# ####. #.... #.... #....", // P
        ".###. #...# #...# #...# #.#.# #..#. .##.#", // Q
        "####. #...# #...# ####. #.#.. #..#. #...#", // R
        ".#### #.... #.... .###. ....# ....# ####.", // S
        "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..", // T
        "#...# #...# #...# #...# #...# #...# .###.", // U
        "#...# #...# #...# #...# #...# .#.#. ..#..", // V
        "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.", // W
        "#...# #...# .#.#. ..#.. .#.#. #...# #...#", // X
        "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..", // Y
        "##### ....# ...#. ..#.. .#... #.... #####", // Z
        ".###. .#... .#... .#... .#... .#... .###.", // [
        "..... #.... .#... ..#.. ...#. ....# .....", // backslash
        ".###. ...#. ...#. ...#. ...#. ...#. .###.", // ]
        "..#.. .#.#. #...# ..... ..... ..... .....", // ^
        "..... ..... ..... ..... ..... ..... #####", // _
        ".#... ..#.. ...#. ..... ..... ..... .....", // `
        "..... ..... .###. ....# .#### #...# .####", // a
        "#.... #.... #.##. ##..# #...# #...# ####.", // b
        "..... ..... .###. #.... #.... #...# .###.", // c
        "....# ....# .##.# #..## #...# #...# .####", // d
        "..... ..... .###. #...# ##### #.... .###.", // e
        "..##. .#..# .#... ###.. .#... .#... .#...", // f
        "..... .#### #...# #...# .#### ....# .###.", // g
        "#.... #.... #.##. ##..# #...# #...# #...#", // h
        "..#.. ..... .##.. ..#.. ..#.. ..#.. .###.", // i
        "...#. ..... ..##. ...#. ...#. #..#. .##..", // j
        "#.... #.... #..#. #.#.. ##... #.#.. #..#.", // k
        ".##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.", // l
        "..... ..... ##.#. #.#.# #.#.# #...# #...#", // m
        "..... ..... #.##. ##..# #...# #...# #...#", // n
        "..... ..... .###. #...# #...# #...# .###.", // o
        "..... ..... ####. #...# ####. #.... #....", // p
        "..... ..... .##.# #..## .#### ....# ....#", // q
        "..... ..... #.##. ##..# #.... #.... #....", // r
        "..... ..... .###. #.... .###. ....# ####.", // s
        ".#... .#... ###.. .#... .#... .#..# ..##.", // t
        "..... ..... #...# #...# #...# #..## .##.#", // u
        "..... ..... #...# #...# #...# .#.#. ..#..", // v
        "..... ..... #...# #...# #.#.# #.#.# .#.#.", // w
        "..... ..... #...# .#.#. ..#.. .#.#. #...#", // x
        "..... ..... #...# #...# .#### ....# .###.", // y
        "..... ..... ##### ...#. ..#.. .#... #####", // z
        "...#. ..#.. ..#.. .#... ..#.. ..#.. ...#.", // {
        "..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#..", // |
        ".#... ..#.. ..#.. ...#. ..#.. ..#.. .#...", // }
        "..... ..... .#... #.#.# ...#. ..... .....", // ~
    ];

    /// <summary>Width in pixels of <paramref name="text"/> drawn at scale 1 (no trailing spacing).</summary>
    public static int MeasureWidth(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? 0 : (text.Length * Advance) - 1;
    }

    /// <summary>Whether the glyph of <paramref name="c"/> has ink at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public static bool IsInk(char c, int x, int y)
    {
        if ((uint)x >= GlyphWidth || (uint)y >= GlyphHeight)
        {
            return false;
        }

        var glyph = c is >= ' ' and <= '~' ? s_glyphs[c - ' '] : Box;
        return glyph[(y * (GlyphWidth + 1)) + x] == '#';
    }

    /// <summary>
    /// Draws <paramref name="text"/> into interleaved pixels (rows of <paramref name="width"/> pixels of
    /// <paramref name="bytesPerPixel"/> bytes) with its top-left corner at (<paramref name="left"/>,
    /// <paramref name="top"/>), each font cell <paramref name="scale"/> pixels square; ink outside the image is clipped.
    /// </summary>
    /// <param name="pixels">Target pixels, height x width x bytesPerPixel.</param>
    /// <param name="width">Target width.</param>
    /// <param name="height">Target height.</param>
    /// <param name="bytesPerPixel">Bytes per target pixel (4 for MLImage pixels).</param>
    /// <param name="left">Left edge of the first glyph.</param>
    /// <param name="top">Top edge of the glyphs.</param>
    /// <param name="text">The text; characters outside printable ASCII show as a box.</param>
    /// <param name="ink">The pixel value written where a glyph has ink, <paramref name="bytesPerPixel"/> bytes.</param>
    /// <param name="scale">Pixels per font cell along each side.</param>
    public static void Draw(Span<byte> pixels, int width, int height, int bytesPerPixel, int left, int top, string text, ReadOnlySpan<byte> ink, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        if (ink.Length != bytesPerPixel)
        {
            throw new ArgumentException($"ink needs {bytesPerPixel} bytes, found {ink.Length}", nameof(ink));
        }

        if (pixels.Length < (long)width * height * bytesPerPixel)
        {
            throw new ArgumentException($"{pixels.Length} bytes do not hold a {width}x{height} image of {bytesPerPixel} bytes per pixel", nameof(pixels));
        }

        for (var i = 0; i < text.Length; i++)
        {
            for (var gy = 0; gy < GlyphHeight; gy++)
            {
                for (var gx = 0; gx < GlyphWidth; gx++)
                {
                    if (!IsInk(text[i], gx, gy))
                    {
                        continue;
                    }

                    for (var sy = 0; sy < scale; sy++)
                    {
                        for (var sx = 0; sx < scale; sx++)
                        {
                            int px = left + (((i * Advance) + gx) * scale) + sx, py = top + (gy * scale) + sy;
                            if ((uint)px < (uint)width && (uint)py < (uint)height)
                            {
                                ink.CopyTo(pixels.Slice(((py * width) + px) * bytesPerPixel, bytesPerPixel));
                            }
                        }
                    }
                }
            }
        }
    }
}
