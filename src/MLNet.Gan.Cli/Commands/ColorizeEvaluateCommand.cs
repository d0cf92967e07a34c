// `mlnet-gan colorize evaluate`: holds out images, trains the pix2pix colorizer and the same U-Net with L1 alone on
// the rest, and scores both and the gray input on the held-out images (PSNR, SSIM, colorfulness); writes a table
// (results.md) and comparison.png with gray / L1-only / GAN / truth for 16 held-out images.
using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Colorization;
using MLNet.Gan.Imaging;
using MLNet.Gan.Evaluation;
using MLNet.Gan.IO;

namespace MLNet.Gan.Cli.Commands;

/// <summary>The colorize evaluate subcommand.</summary>
internal static class ColorizeEvaluateCommand
{
    private const int Shown = 16;

    public static Command Create(CliConsole console)
    {
        Option<string> output = new("--out") { Description = "Output folder for gan.zip, l1.zip, results.md and comparison.png", DefaultValueFactory = _ => Path.Combine("runs", "colorizer-eval") };
        Option<int> heldOut = new("--held-out") { Description = "Images held out of training and scored (a seeded random choice)", DefaultValueFactory = _ => 400 };
        var command = new Command("evaluate",
            "Train the pix2pix colorizer and an L1-only U-Net on the same images (--time each) and score them and the gray input on held-out images")
        {
            output, heldOut,
        };
        foreach (var option in ColorizeCommand.TrainingOptions())
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CliApp.Guard(console, () =>
        {
            var o = ColorizeCommand.ReadOptions(parse, console.CancellationToken);
            return Run(console, parse.GetValue<string?>("--data"), ImageDecodingOptions.Read(parse), parse.GetValue<string>("--out")!, parse.GetValue<int>("--held-out"), o);
        }));
        return command;
    }

    /// <summary>Mean scores of one method over the held-out images.</summary>
    internal sealed record Scores(string Method, double Psnr, double Ssim, double Colorfulness);

    private static int Run(CliConsole console, string? dataFolder, ImageReadOptions decoding, string outDir, int heldOut, ColorizerTrainer.Options o)
    {
        ModelFiles.EnsureEngine();
        var notes = new List<string>();
        using var images = ColorizeFiles.LoadColorImages(dataFolder, o.ImageSize, decoding, notes);
        notes.ForEach(console.Output.WriteLine);
        var count = images.Images.Count;
        if (heldOut < 1 || heldOut > count - 2)
        {
            throw new CliUsageException($"--held-out must be 1 to {count - 2} (the data has {count} usable images), got {heldOut}");
        }

        var shuffled = Enumerable.Range(0, count).ToArray();
        new Random(o.Seed ?? 0).Shuffle(shuffled);
        var train = shuffled.Skip(heldOut).ToList();
        Directory.CreateDirectory(outDir);
        var ml = new MLContext(seed: o.Seed);

        using var gan = ColorizeCommand.Train(console, ml, o, images.ToDataView(train), train.Count, "the pix2pix colorizer (U-Net + PatchGAN + L1)");
        gan.Save(Path.Combine(outDir, "gan.zip"));
        o.L1Only = true;
        using var l1 = ColorizeCommand.Train(console, ml, o, images.ToDataView(train), train.Count, "the same U-Net with L1 only");
        l1.Save(Path.Combine(outDir, "l1.zip"));

        var truth = shuffled.Take(heldOut).Select(i => images.Images[i]).ToList();
        var gray = truth.Select(ColorizeFiles.Gray).ToList();
        var byL1 = gray.Select(l1.Colorize).ToList();
        var byGan = gray.Select(gan.Colorize).ToList();
        var scores = new[]
        {
            Score("gray input", gray, truth),
            Score("U-Net, L1 only", byL1, truth),
            Score("pix2pix GAN (U-Net + PatchGAN + L1)", byGan, truth),
            Score("true colors", truth, truth),
        };

        var comparison = Path.Combine(outDir, "comparison.png");
        ColorizeFiles.SaveRows(comparison,
        [
            ("gray", gray.Take(Shown).ToList()),
            ("L1 only", byL1.Take(Shown).ToList()),
            ("GAN", byGan.Take(Shown).ToList()),
            ("truth", truth.Take(Shown).ToList()),
        ]);
        var table = Table(scores, heldOut, train.Count, gan, l1, o);
        AtomicFile.WriteAllBytes(Path.Combine(outDir, "results.md"), Encoding.UTF8.GetBytes(table));
        console.Output.Write(table);
        console.Output.WriteLine($"  comparison   {Path.GetFullPath(comparison)} (rows: gray, L1 only, GAN, truth; first {Math.Min(Shown, heldOut)} held-out images)");
        console.Output.WriteLine($"  results      {Path.GetFullPath(Path.Combine(outDir, "results.md"))}");
        return CliApp.Success;
    }

    /// <summary>Mean PSNR, SSIM (against <paramref name="truth"/>) and colorfulness of <paramref name="images"/>.</summary>
    internal static Scores Score(string method, IReadOnlyList<MLImage> images, IReadOnlyList<MLImage> truth)
    {
        // PSNR of the squared error pooled over all held-out pixels (a per-image mean would be infinite as soon as one
        // image is reproduced exactly, as gray emoji are by the gray input)
        var psnr = ColorMetrics.PsnrOf(images.Select((image, i) => ColorMetrics.MeanSquaredError(image, truth[i])).Average());
        var ssim = images.Select((image, i) => ColorMetrics.Ssim(image, truth[i])).Average();
        var colorfulness = images.Select(ColorMetrics.Colorfulness).Average();
        return new Scores(method, psnr, ssim, colorfulness);
    }

    private static string Table(Scores[] scores, int heldOut, int trained, ColorizerTransformer gan, ColorizerTransformer l1, ColorizerTrainer.Options o)
    {
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        s.AppendLine(inv, $"held-out images: {heldOut}; training images: {trained}; {o.ImageSize} px; batch {o.BatchSize}; seed {o.Seed}");
        s.AppendLine(inv, $"GAN: {gan.History!.Steps} steps in {gan.History.Elapsed.TotalSeconds:0} s ({o.Loss}, L1 weight {o.L1Weight}); L1 only: {l1.History!.Steps} steps in {l1.History.Elapsed.TotalSeconds:0} s");
        s.AppendLine();
        s.AppendLine("| method | PSNR (dB, pooled MSE) | SSIM (mean) | colorfulness (mean) |");
        s.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var r in scores)
        {
            var psnr = double.IsPositiveInfinity(r.Psnr) ? "∞" : r.Psnr.ToString("0.00", inv);
            s.AppendLine(inv, $"| {r.Method} | {psnr} | {r.Ssim:0.000} | {r.Colorfulness:0.0} |");
        }

        return s.ToString();
    }
}
