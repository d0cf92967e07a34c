// A bounded, seeded fuzz of the image reader: valid PNG, JPEG, GIF and WebP fixtures with bits flipped, cut short, or
// header fields overwritten. Every case must end in an opaque image or an ImageFileException within a few seconds: never
// another exception, a crash, a hang or unbounded memory (the pixel limit is set low). Files that once broke that
// contract are kept in Fixtures/fuzz and read on every run.
using MLNet.Gan.Imaging;

namespace MLNet.Gan.Tests.Imaging;

[TestClass]
public sealed class ImageFuzzTests
{
    private const int CasesPerFile = 80;
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(10);
    private static readonly string[] Seeds = ["png8-rgb.png", "png-alpha.png", "jpeg-baseline.jpg", "jpeg-progressive.jpg", "gif-two-frames.gif", "webp-lossy.webp"];

    // 4 megapixels: a mutated header that claims more is refused before any pixel is decoded.
    private static readonly ImageReadOptions Options = new() { MaxPixels = 4_000_000 };

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void MutatedImagesEndInAnImageOrAnImageFileException()
    {
        var random = new Random(2024);
        var outcomes = new Dictionary<string, int>();
        var failures = new List<string>();
        foreach (var seed in Seeds)
        {
            var original = File.ReadAllBytes(ImageFormatTests.Fixture(seed));
            for (var n = 0; n < CasesPerFile; n++)
            {
                var (bytes, how) = Mutate(original, random);
                var outcome = Decode(bytes, $"{seed}#{n}");
                outcomes[outcome.Split(':')[0]] = outcomes.GetValueOrDefault(outcome.Split(':')[0]) + 1;
                if (outcome.StartsWith("FAILED", StringComparison.Ordinal))
                {
                    failures.Add($"{seed} case {n} ({how}): {outcome}");
                }
            }
        }

        TestContext.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));
        Assert.IsEmpty(failures, string.Join("\n", failures));
        Assert.IsGreaterThan(10, outcomes.GetValueOrDefault("image"), "some mutations leave a decodable image");
        Assert.IsGreaterThan(10, outcomes.GetValueOrDefault(nameof(ImageFileProblem.Truncated)), "truncations are named");
    }

    [TestMethod]
    public void FilesThatOnceBrokeTheReaderStayFixed()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Imaging", "Fixtures", "fuzz");
        var files = Directory.GetFiles(folder);
        Assert.IsNotEmpty(files);
        foreach (var file in files)
        {
            var outcome = Decode(File.ReadAllBytes(file), Path.GetFileName(file));
            Assert.IsFalse(outcome.StartsWith("FAILED", StringComparison.Ordinal), $"{Path.GetFileName(file)}: {outcome}");
        }
    }

    // "image", an ImageFileProblem name, or "FAILED: ..." for anything else (another exception, transparency, a hang).
    private static string Decode(byte[] bytes, string name)
    {
        var task = Task.Run(() =>
        {
            try
            {
                using var image = ImageFileReader.Read(bytes, name, Options);
                return ImageBackground.CountTransparent(image) == 0 ? "image" : "FAILED: the image has transparent pixels";
            }
            catch (ImageFileException e)
            {
                return e.Message.Contains(name, StringComparison.Ordinal) ? e.Problem.ToString() : $"FAILED: the message does not name the file: {e.Message}";
            }
            catch (Exception e)
            {
                return $"FAILED: {e.GetType().Name}: {e.Message}";
            }
        });
        return task.Wait(CaseLimit) ? task.Result : $"FAILED: no end within {CaseLimit.TotalSeconds} s";
    }

    // One of: 1-8 flipped bits anywhere; a cut at a random length; a 1, 2 or 4-byte field of the first 64 bytes (where the
    // headers and sizes are) set to 0, all ones or random bytes.
    private static (byte[] Bytes, string How) Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(3))
        {
            case 0:
                var flips = random.Next(1, 9);
                for (var i = 0; i < flips; i++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return (bytes, $"{flips} bit(s) flipped");
            case 1:
                var length = random.Next(bytes.Length);
                return (bytes.AsSpan(0, length).ToArray(), $"cut to {length} bytes");
            default:
                var width = new[] { 1, 2, 4 }[random.Next(3)];
                var at = random.Next(Math.Min(64, bytes.Length - width));
                var kind = random.Next(3);
                for (var i = 0; i < width; i++)
                {
                    bytes[at + i] = kind switch { 0 => 0, 1 => 0xFF, _ => (byte)random.Next(256) };
                }

                return (bytes, $"{width} byte(s) at {at} set to {(kind == 0 ? "0" : kind == 1 ? "0xFF" : "random")}");
        }
    }
}
