// `mlnet-gan generate`: draws images from a model as images.npy (+ labels.npy) or as a PNG grid (+ files).
using System.CommandLine;
using MLNet.Gan.Data;
using MLNet.Gan.IO;
using MLNet.Gan.Torch;

namespace MLNet.Gan.Cli.Commands;

using Torch = MLNet.Gan.Torch.Torch;

/// <summary>The generate subcommand.</summary>
internal static class GenerateCommand
{
    public const string ImagesFileName = "images.npy";
    public const string LabelsFileName = "labels.npy";
    public const string GridFileName = "grid.png";

    public static Command Create(CliConsole console)
    {
        var model = new Option<string?>("--model") { Description = "The model.zip to generate from" };
        var count = new Option<int?>("--count") { Description = "Number of images (classes cycle for a conditional model unless --label is given)" };
        var perClass = new Option<int?>("--per-class") { Description = "Images per class (conditional models)" };
        var label = new Option<string?>("--label") { Description = "Class name or index to generate (conditional models)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the latent vectors", DefaultValueFactory = _ => 0 };
        var format = new Option<string>("--format") { Description = "npy or png", DefaultValueFactory = _ => "png" };
        format.AcceptOnlyFromAmong("npy", "png");
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "generated" };
        var separate = new Option<bool>("--separate") { Description = "With --format png, also write one PNG per image" };
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
        if (r.Count is not null && r.PerClass is not null)
        {
            throw new CliUsageException("--count and --per-class cannot be used together");
        }

        if (r.PerClass is not null && r.Label is not null)
        {
            throw new CliUsageException("--per-class and --label cannot be used together (use --count N --label NAME)");
        }

        if (r.Count is <= 0 || r.PerClass is <= 0)
        {
            throw new CliUsageException($"--{(r.Count is not null ? "count" : "per-class")} must be positive");
        }

        if (r.Separate && r.Format != "png")
        {
            throw new CliUsageException("--separate only applies to --format png");
        }

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
        var n = labels?.Length ?? r.Count ?? 64;
        Directory.CreateDirectory(r.Output);
        using var scope = Torch.NewScope();
        var images = model.GenerateTensor(n, labels, r.Seed).To(Device.Cpu); // (N, C, H, W) in [-1, 1]
        var written = r.Format == "npy" ? WriteNpy(r.Output, images, labels, model.ImageShape.Channels) : WritePng(r.Output, images, labels, model, r);
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

        var n = r.Count ?? 64;
        if (r.Label is { } name)
        {
            var index = model.ResolveLabel(name);
            return Enumerable.Repeat(index, n).ToArray();
        }

        return Enumerable.Range(0, n).Select(i => i % classes).ToArray();
    }

    private static List<string> WriteNpy(string folder, Tensor images, int[]? labels, int channels)
    {
        // (N, C, H, W) in [-1, 1] -> uint8 (N, H, W, C), or (N, H, W) for one channel
        var bytes = ((images + 1) * 127.5).Round().ClampMin(0).ClampMax(255).To(ScalarType.UInt8).Permute(0, 2, 3, 1).Contiguous();
        if (channels == 1)
        {
            bytes = bytes.Squeeze(3);
        }

        var files = new List<string> { Path.Combine(folder, ImagesFileName) };
        NpyWriter.Write(files[0], bytes);
        if (labels is not null)
        {
            files.Add(Path.Combine(folder, LabelsFileName));
            NpyWriter.Write(files[1], labels.Select(l => (long)l).ToArray(), labels.Length);
        }

        return files;
    }

    private static List<string> WritePng(string folder, Tensor images, int[]? labels, GanTransformer model, Request r)
    {
        var pictures = ImageTensors.ToImages(images);
        var files = new List<string> { Path.Combine(folder, GridFileName) };
        if (r.PerClass is { } per)
        {
            SampleGrid.Write(files[0], pictures, per, model.ClassNames.ToArray(), scale: 2);
        }
        else
        {
            var columns = (int)Math.Ceiling(Math.Sqrt(pictures.Count));
            SampleGrid.Write(files[0], pictures, columns, scale: 2);
        }

        if (r.Separate)
        {
            for (var i = 0; i < pictures.Count; i++)
            {
                var name = labels is null ? $"image_{i:00000}.png" : $"image_{i:00000}_{Safe(model.ClassNames[labels[i]])}.png";
                var path = Path.Combine(folder, name);
                pictures[i].Save(path);
                files.Add(path);
            }
        }

        return files;
    }

    private static string Safe(string name) => new(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
