// Hostile image files met by train, colorize apply, colorize train and evaluate --data: truncated, corrupt, empty and
// non-image files, decompression bombs (a real PNG of zero rows, and JPEG/GIF/WebP headers claiming huge sizes), images
// too small, folders where every file is broken (refused) or only some are (skipped and named), bad decoding options,
// and the valid but unusual formats (CMYK JPEG, 16-bit PNG, transparent GIF) that must simply work.
using MLNet.Gan.Tests.Cli;
using MLNet.Gan.Tests.Colorization;
using MLNet.Gan.Tests.Imaging;

namespace MLNet.Gan.Tests.Hostile;

/// <summary>Image files and image folders.</summary>
internal sealed class ImageHostileCases : IHostileCaseSource
{
    private static readonly string[] TinyTrain = ["--unconditional", "--image-size", "8", "--steps", "1", "--batch-size", "4", "--device", "cpu"];

    public IEnumerable<HostileCase> Create(string folder)
    {
        string Fixture(string name) => ImageFormatTests.Fixture(name);
        string Dir(string name) => Directory.CreateDirectory(Path.Combine(folder, name)).FullName;
        string Out(string name) => Path.Combine(folder, "out-" + name);
        string[] Train(string data, string name) => ["train", "--data", data, "--out", Out(name), .. TinyTrain];

        // One file alone in a folder: nothing left to train on, so the run is refused naming the file and its problem.
        var truncatedPng = Dir("truncated-png");
        BrokenImages.Truncated(Fixture("png8-rgb.png"), Path.Combine(truncatedPng, "cut.png"), 0.6);
        yield return new HostileCase("image", "PNG truncated inside its pixels", Train(truncatedPng, "a"), HostileOutcome.Refused, "cut.png", "truncated");

        var textPng = Dir("text-png");
        File.WriteAllText(Path.Combine(textPng, "notes.png"), "this is a text file with a .png name");
        yield return new HostileCase("image", "a text file named .png", Train(textPng, "b"), HostileOutcome.Refused, "notes.png", "not an image");

        var bombPng = Dir("bomb-png");
        BrokenImages.WritePngBomb(Path.Combine(bombPng, "bomb.png"), 40000, 40000, rows: false);
        yield return new HostileCase("image", "PNG header claiming 40000x40000 (1.6 gigapixels)", Train(bombPng, "c"), HostileOutcome.Refused,
            "bomb.png", "40000x40000 pixels (PNG) is over the limit of 64,000,000 pixels");

        var bombGif = Dir("bomb-gif");
        BrokenImages.GifBomb(Fixture("gif-two-frames.gif"), Path.Combine(bombGif, "huge.gif"));
        yield return new HostileCase("image", "GIF screen and frame claiming 65535x65535", Train(bombGif, "d"), HostileOutcome.Refused, "huge.gif", "over the limit");

        var bombWebp = Dir("bomb-webp");
        BrokenImages.WebpBomb(Fixture("webp-lossless.webp"), Path.Combine(bombWebp, "huge.webp"));
        yield return new HostileCase("image", "WebP header claiming 16384x16384", Train(bombWebp, "e"), HostileOutcome.Refused, "huge.webp", "16384x16384 pixels");

        var limited = Dir("limited");
        File.Copy(Fixture("png8-rgb.png"), Path.Combine(limited, "photo.png"));
        yield return new HostileCase("image", "--max-pixels below every image (32x16)", ["train", "--data", limited, "--max-pixels", "100", "--out", Out("f"), .. TinyTrain],
            HostileOutcome.Refused, "photo.png", "32x16 pixels (PNG) is over the limit of 100 pixels");

        var allBroken = Dir("all-broken");
        BrokenImages.Truncated(Fixture("jpeg-baseline.jpg"), Path.Combine(allBroken, "cut.jpg"), 0.7);
        BrokenImages.Truncated(Fixture("gif-two-frames.gif"), Path.Combine(allBroken, "cut.gif"), 0.6);
        File.WriteAllBytes(Path.Combine(allBroken, "empty.png"), []);
        yield return new HostileCase("image", "a folder where every file is broken (JPEG and GIF truncated, PNG empty)", Train(allBroken, "g"),
            HostileOutcome.Refused, "none of the 3 image file(s) could be used", "cut.gif", "truncated");

        // Good and broken files together: the broken ones are skipped, counted and named, and training goes on.
        var mixed = CliHarness.WriteColorFolder(Path.Combine(folder, "mixed"), count: 8);
        BrokenImages.Truncated(Fixture("jpeg-baseline.jpg"), Path.Combine(mixed, "cut.jpg"), 0.7);
        BrokenImages.WritePngBomb(Path.Combine(mixed, "bomb.png"), 40000, 40000, rows: false);
        File.WriteAllBytes(Path.Combine(mixed, "empty.png"), []);
        File.WriteAllText(Path.Combine(mixed, "notes.gif"), "not a gif");
        yield return new HostileCase("image", "8 good PNGs with a truncated JPEG, a bomb, an empty file and a text file", Train(mixed, "h"),
            HostileOutcome.SkippedAndNamed, "skipped 4 unusable image(s)", "cut.jpg (truncated", "bomb.png (40000x40000 pixels", "empty.png (not an image", "notes.gif (not an image");

        var unusual = CliHarness.WriteColorFolder(Path.Combine(folder, "unusual"), count: 4);
        foreach (var name in new[] { "jpeg-cmyk.jpg", "png16-rgb.png", "gif-two-frames.gif", "png-alpha.png", "jpeg-orientation-6.jpg", "webp-alpha.webp", "bmp24.bmp" })
        {
            File.Copy(Fixture(name), Path.Combine(unusual, name));
        }

        yield return new HostileCase("image", "CMYK JPEG, 16-bit PNG, transparent GIF/PNG/WebP, rotated JPEG and BMP beside PNGs", Train(unusual, "i"),
            HostileOutcome.SkippedAndNamed, "(11 images, no classes)");

        // colorize apply: a single bad file is refused (exit 2); a folder skips and names its bad files.
        var model = Path.Combine(folder, "colorizer.zip");
        using (var colorizer = ColorizerFixtures.Untrained())
        {
            colorizer.Save(model);
        }

        var cutGray = BrokenImages.Truncated(Fixture("png-gray.png"), Path.Combine(folder, "cut-gray.png"), 0.5);
        yield return new HostileCase("image", "colorize apply on one truncated PNG", ["colorize", "apply", "--model", model, cutGray, Out("j.png")],
            HostileOutcome.Refused, "cut-gray.png", "truncated");

        var bombJpeg = BrokenImages.JpegBomb(Fixture("jpeg-gray.jpg"), Path.Combine(folder, "bomb.jpg"));
        yield return new HostileCase("image", "colorize apply on a JPEG whose header claims 65000x65000", ["colorize", "apply", "--model", model, bombJpeg, Out("k.png")],
            HostileOutcome.Refused, "bomb.jpg", "65000x65000 pixels (JPEG) is over the limit");

        var zero = Path.Combine(folder, "zero.png");
        File.WriteAllBytes(zero, []);
        yield return new HostileCase("image", "colorize apply on a zero-byte file", ["colorize", "apply", "--model", model, zero, Out("l.png")],
            HostileOutcome.Refused, "zero.png", "empty (0 bytes)");

        var applyFolder = Dir("apply-in");
        File.Copy(Fixture("png-gray.png"), Path.Combine(applyFolder, "gray.png"));
        File.Copy(Fixture("jpeg-cmyk.jpg"), Path.Combine(applyFolder, "cmyk.jpg"));
        File.Copy(Fixture("png-gray16.png"), Path.Combine(applyFolder, "gray16.png"));
        BrokenImages.Truncated(Fixture("gif-two-frames.gif"), Path.Combine(applyFolder, "cut.gif"), 0.6);
        BrokenImages.GifBomb(Fixture("gif-two-frames.gif"), Path.Combine(applyFolder, "bomb.gif"));
        yield return new HostileCase("image", "colorize apply on a folder: 3 good (CMYK JPEG, 16-bit PNG), a truncated GIF, a GIF bomb",
            ["colorize", "apply", "--model", model, applyFolder, Out("m")], HostileOutcome.SkippedAndNamed,
            "colorized 3 image(s)", "skipped 2 file(s)", "cut.gif (truncated", "bomb.gif (65535x65535 pixels");

        // colorize train: images smaller than the training size are left out, not enlarged from a pixel.
        var tiny = Dir("tiny");
        using (var one = Pixels.Gray(1, 1, 90))
        {
            one.Save(Path.Combine(tiny, "dot.png"));
            one.Save(Path.Combine(tiny, "dot2.png"));
        }

        yield return new HostileCase("image", "colorize train on 1x1 images where 32x32 are needed",
            ["colorize", "train", "--data", tiny, "--image-size", "32", "--steps", "1", "--out", Out("n")], HostileOutcome.Refused,
            "dot.png", "1x1 pixels is smaller than the 32x32 needed");

        // evaluate --data decodes real images with the same reader.
        var gan = Path.Combine(AppContext.BaseDirectory, "Gan", "Fixtures", "dcgan32-rgb.zip");
        yield return new HostileCase("image", "evaluate --data on a folder where every file is broken", ["evaluate", "--model", gan, "--data", allBroken, "--count", "10"],
            HostileOutcome.Refused, "none of the 3 image file(s) could be used");
        yield return new HostileCase("image", "evaluate --data on a PNG bomb", ["evaluate", "--model", gan, "--data", bombPng, "--count", "10"],
            HostileOutcome.Refused, "bomb.png", "over the limit");

        // Decoding options out of range.
        yield return new HostileCase("image", "--background that is not a colour", ["train", "--data", limited, "--background", "teal", "--out", Out("o"), .. TinyTrain],
            HostileOutcome.Refused, "--background", "teal", "#RRGGBB");
        yield return new HostileCase("image", "--resize that is not a policy", ["colorize", "apply", "--model", model, limited, Out("p"), "--resize", "zoom"],
            HostileOutcome.Refused, "--resize 'zoom'", "crop, pad or stretch");
        yield return new HostileCase("image", "--max-pixels 0", ["evaluate", "--model", gan, "--data", limited, "--max-pixels", "0"],
            HostileOutcome.Refused, "--max-pixels must be a positive number");
    }
}
