// Hostile CSV/TSV image lists met by train --data: missing files, empty paths and labels, paths that leave the list's
// folder, binary garbage, invalid UTF-8, a huge line, wrong column counts, a folder named as a file, lists whose images
// are all broken (refused) or partly broken (skipped and named). Every refusal names the list, the line and what was
// expected against what was found.
using System.Text;
using MLNet.Gan.Tests.Cli;
using MLNet.Gan.Tests.Imaging;

namespace MLNet.Gan.Tests.Hostile;

/// <summary>CSV and TSV lists of path,label lines.</summary>
internal sealed class ImageListHostileCases : IHostileCaseSource
{
    public IEnumerable<HostileCase> Create(string folder)
    {
        // Good images beside the lists: data/left/NN.png and data/right/NN.png (8x8 gray).
        CliHarness.WriteImageFolder(folder, perClass: 4);
        string Good(string side, int n) => Path.Combine("data", side, $"{n:00}.png");
        var goodRows = Enumerable.Range(0, 4).SelectMany(n => new[] { $"{Good("left", n)},left", $"{Good("right", n)},right" }).ToArray();
        string List(string name, params string[] lines)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllLines(path, lines);
            return path;
        }

        string[] Train(string list) => ["train", "--data", list, "--image-size", "8", "--steps", "1", "--batch-size", "4", "--device", "cpu", "--out", Path.Combine(folder, "out")];

        yield return new HostileCase("image list", "rows naming missing files", Train(List("missing.csv", ["path,label", goodRows[0], "gone.png,left", "lost.png,right"])),
            HostileOutcome.Refused, "missing.csv", "line 3", "image file not found", "gone.png", "2 of 3 rows name missing files");
        yield return new HostileCase("image list", "a row with an empty path", Train(List("empty-path.csv", [goodRows[0], ",left"])),
            HostileOutcome.Refused, "empty-path.csv", "line 2", "the path is empty");
        yield return new HostileCase("image list", "a row with an empty label", Train(List("empty-label.csv", [goodRows[0], $"{Good("right", 1)},"])),
            HostileOutcome.Refused, "empty-label.csv", "line 2", "the label is empty; expected a class name");
        yield return new HostileCase("image list", "a relative path leaving the list's folder", Train(List("escape.csv", [goodRows[0], "../../../etc/passwd,left"])),
            HostileOutcome.Refused, "escape.csv", "line 2", "leads outside the list's folder");
        yield return new HostileCase("image list", "a row with three fields after rows of two", Train(List("columns.csv", [goodRows[0], $"{Good("left", 2)},left,extra"])),
            HostileOutcome.Refused, "columns.csv", "line 2", "3 field(s); expected 2 like the first line");
        yield return new HostileCase("image list", "a first line of four fields", Train(List("wide.tsv", ["a\tb\tc\td", goodRows[0]])),
            HostileOutcome.Refused, "wide.tsv", "line 1", "4 fields; expected path,label (2) or path (1) separated by 'tab'");
        yield return new HostileCase("image list", "a folder named as an image", Train(List("folder.csv", [goodRows[0], "data/left,left"])),
            HostileOutcome.Refused, "folder.csv", "(it is a folder)");
        yield return new HostileCase("image list", "no image lines, only a header", Train(List("header-only.csv", ["path,label", "", "  "])),
            HostileOutcome.Refused, "header-only.csv", "has no image lines");

        var garbage = Path.Combine(folder, "garbage.csv");
        var random = new Random(21);
        var bytes = new byte[4000];
        random.NextBytes(bytes);
        File.WriteAllBytes(garbage, bytes);
        yield return new HostileCase("image list", "4,000 random bytes", Train(garbage), HostileOutcome.Refused, "garbage.csv", "binary data");

        var latin1 = Path.Combine(folder, "latin1.csv");
        File.WriteAllBytes(latin1, Encoding.Latin1.GetBytes($"{goodRows[0]}\nd\u00e9j\u00e0.png,left\n"));
        yield return new HostileCase("image list", "a Latin-1 line (not UTF-8)", Train(latin1), HostileOutcome.Refused, "latin1.csv", "line 2", "not UTF-8 text");

        var huge = Path.Combine(folder, "huge.csv");
        File.WriteAllText(huge, goodRows[0] + "\n" + new string('a', 5_000_000) + ".png,left\n");
        yield return new HostileCase("image list", "a 5,000,000-character line", Train(huge), HostileOutcome.Refused, "huge.csv", "line 2", "longer than 4,096 characters");

        var broken = Directory.CreateDirectory(Path.Combine(folder, "broken")).FullName;
        BrokenImages.Truncated(ImageFormatTests.Fixture("png8-rgb.png"), Path.Combine(broken, "cut.png"), 0.6);
        File.WriteAllText(Path.Combine(broken, "text.jpg"), "not a jpeg");
        yield return new HostileCase("image list", "every listed image broken", Train(List("all-broken.csv", ["broken/cut.png,a", "broken/text.jpg,b"])),
            HostileOutcome.Refused, "all-broken.csv", "none of the 2 image file(s) could be used", "cut.png", "truncated");
        yield return new HostileCase("image list", "8 good rows and 2 broken images", Train(List("some-broken.csv", [.. goodRows, "broken/cut.png,left", "broken/text.jpg,right"])),
            HostileOutcome.SkippedAndNamed, "skipped 2 unusable image(s)", "cut.png (truncated", "text.jpg (not an image");
    }
}
