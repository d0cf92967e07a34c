// `mlnet-gan generate`: draws images from a model as images.npy (+ labels.npy) or as a PNG grid (+ one file per image).
using System.CommandLine;
using MLNet.Gan.Imaging;
using MLNet.Gan.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Cli.Commands;

/// <summary>The generate subcommand.</summary>
internal static class GenerateCommand
{
    public const string ImagesFileName = "images.npy";
    public const string LabelsFileName = "labels.npy";
    public const string GridFileName = "grid.png";
    public const int DefaultCount = 64;

    public static Command Create(CliConsole console)
    {
        Option<string?> model = new("--model") { Description = "The model.zip to generate from" };
        Option<int?> count = new("--count") { Description = $"Number of images (default {DefaultCount}; classes cycle for a conditional model unless --label is given)" };
        Option<int?> perClass = new("--per-class") { Description = "Images per class (conditional models)" };
        Option<string?> label = new("--label") { Description = "Class name or index to generate (conditional models)" };
        Option<int> seed = new("--seed") { Description = "Seed of the latent vectors", DefaultValueFactory = _ => 0 };
        Option<string> format = new("--format") { Description = "npy (images.npy uint8 (N,H,W) or (N,H,W,C), labels.npy int64) or png (grid.png)", DefaultValueFactory = _ => "png" };
        format.AcceptOnlyFromAmong("npy", "png");
        Option<string> output = new("--out") { Description = "Output folder", DefaultValueFactory = _ => "generated" };
        Option<bool> separate = new("--separate") { Description = "With --format png, also write one PNG per image" };
        var command = new Command("generate", "Generate images from a trained model")
        {
            model, count, perClass, label, seed, format, output, separate,
        };
        command.SetAction(parse => CliApp.Guard(console, () => Generate(console, new Request(
            parse.GetValue(model), parse.GetValue(count), parse.GetValue(perClass), parse.GetValue(label), parse.GetValue(seed),
            parse.GetValue(format)!, parse.GetValue(output)!, parse.GetValue(separate)))));
        return command;
    }

    private sealed record Request(string? Model, int? Count, int? PerClass, string? Label, int Seed, string Format, string Output, bool Separate);

    private static int Generate(CliConsole console, Request r)
    {
        Validate(r);
        using var model = ModelFiles.Load(r.Model);
        if (r.PerClass is not null)
        {
            ModelFiles.RequireConditional(model, r.Model!, "--per-class");
        }

        if (r.Label is not null)
        {
            ModelFiles.RequireConditional(model, r.Model!, "--label");
        }

        var labels = Labels(model, r);
        var n = labels?.Length ?? r.Count ?? DefaultCount;
        if (File.Exists(r.Output))
        {
            throw new CliUsageException($"--out {r.Output} is a file, not a folder");
        }

        Directory.CreateDirectory(r.Output);
        List<string> written;
        using (NewDisposeScope())
        {
            var images = model.GenerateTensor(n, labels, r.Seed); // (N, C, H, W) in [-1, 1], on the CPU
            written = r.Format == "npy" ? WriteNpy(r.Output, images, labels) : WritePng(r.Output, images, labels, model, r);
        }

        console.Output.WriteLine($"generated {n} images ({model.ImageShape}) with seed {r.Seed}:");
        foreach (var file in written.Take(4))
        {
            console.Output.WriteLine($"  {Path.GetFullPath(file)}");
        }

        if (written.Count > 4)
        {
            console.Output.WriteLine($"  ... and {written.Count - 4} more files in {Path.GetFullPath(r.Output)}");
        }

        return CliApp.Success;
    }

    private static void Validate(Request r)
    {
        if (r.Count is not null && r.PerClass is not null)
        {
            throw new CliUsageException("--count and --per-class cannot be used together");
        }

        if (r.PerClass is not null && r.Label is not null)
        {
            throw new CliUsageException("--per-class and --label cannot be used together (use --count N --label NAME)");
        }

        if (r.Count is <= 0)
        {
            throw new CliUsageException($"--count must be positive, got {r.Count}");
        }

        if (r.PerClass is <= 0)
        {
            throw new CliUsageException($"--per-class must be positive, got {r.PerClass}");
        }

        if (r.Separate && r.Format != "png")
        {
            throw new CliUsageException("--separate only applies to --format png");
        }
    }

    // Per-class: each class perClass times in a row; --label: all the same; otherwise classes cycle.
    private static int[]? Labels(GanTransformer model, Request r)
    {
        if (!model.IsConditional)
        {
            return null;
        }

        var classes = model.ClassNames.Count;
        if (r.PerClass is { } per)
        {
            return Enumerable.Range(0, classes * per).Select(i => i / per).ToArray();
        }

        var n = r.Count ?? DefaultCount;
        if (r.Label is { } name)
        {
            var index = model.ResolveLabel(name);
            return Enumerable.Repeat(index, n).ToArray();
        }

        return Enumerable.Range(0, n).Select(i => i % classes).ToArray();
    }

    private static List<string> WriteNpy(string folder, Tensor images, int[]? labels)
    {
        // (N, C, H, W) in [-1, 1] -> uint8 (N, H, W, C), or (N, H, W) for one channel
        var bytes = ((images + 1) * 127.5).round().clamp(0, 255).to_type(ScalarType.Byte).permute(0, 2, 3, 1);
        if (images.shape[1] == 1)
        {
            bytes = bytes.squeeze(3);
        }

        var files = new List<string> { Path.Combine(folder, ImagesFileName) };
        NpyWriter.Write(files[0], bytes.contiguous());
        if (labels is not null)
        {
            files.Add(Path.Combine(folder, LabelsFileName));
            NpyWriter.Write(files[1], labels.Select(l => (long)l).ToArray(), labels.Length); // int64 (N)
        }

        return files;
    }

    private static List<string> WritePng(string folder, Tensor images, int[]? labels, GanTransformer model, Request r)
    {
        var pictures = ImageTensors.ToImages(images);
        try
        {
            var files = new List<string> { Path.Combine(folder, GridFileName) };
            if (r.PerClass is { } per)
            {
                SampleGrid.Save(files[0], pictures, per, model.ClassNames, scale: 2);
            }
            else
            {
                SampleGrid.Save(files[0], pictures, (int)Math.Ceiling(Math.Sqrt(pictures.Length)), scale: 2);
            }

            if (r.Separate)
            {
                for (var i = 0; i < pictures.Length; i++)
                {
                    var name = labels is null ? $"image_{i:00000}.png" : $"image_{i:00000}_{Safe(model.ClassNames[labels[i]])}.png";
                    var path = Path.Combine(folder, name);
                    SampleGrid.SavePng(pictures[i], path);
                    files.Add(path);
                }
            }

            return files;
        }
        finally
        {
            foreach (var picture in pictures)
            {
                picture.Dispose();
            }
        }
    }

    private static string Safe(string name) => new(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
