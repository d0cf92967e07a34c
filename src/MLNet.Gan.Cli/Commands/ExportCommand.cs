// `mlnet-gan export`: writes the generator of a GAN model file, or the U-Net of a colorizer model file, as an ONNX graph
// under the library's contract. Which of the two a file holds comes from its manifest (the part kinds it lists).
using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using MLNet.Gan.Colorization;
using MLNet.Gan.IO;
using MLNet.Gan.Onnx;

namespace MLNet.Gan.Cli.Commands;

/// <summary>The export subcommand.</summary>
internal static class ExportCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string?> model = new("--model") { Description = "The model.zip to export (written by 'mlnet-gan train' or 'mlnet-gan colorize train')" };
        Option<string?> onnx = new("--onnx") { Description = "The .onnx file to write" };
        Option<string> batch = new("--batch") { Description = "Batch dimension: a positive number, or 'dynamic' for a batch axis ONNX Runtime sizes per run (ML.NET's ApplyOnnxModel needs 1)", DefaultValueFactory = _ => "1" };
        Option<bool> noise = new("--noise-in-graph") { Description = "Generators: draw z inside the graph (RandomNormal) so the graph takes only the label, for augmentation" };
        Option<int> noiseSeed = new("--noise-seed") { Description = "Seed of the in-graph RandomNormal", DefaultValueFactory = _ => 0 };
        Option<bool> floatPixels = new("--float-pixels") { Description = "Leave the pixels unrounded (default: whole numbers 0..255, exact through ConvertToImage)" };
        var command = new Command("export", "Export a GAN generator or a colorizer to ONNX, for ML.NET's ApplyOnnxModel or any ONNX runtime")
        {
            model, onnx, batch, noise, noiseSeed, floatPixels,
        };
        command.SetAction(parse => CliApp.Guard(console, () => Export(console, parse.GetValue(model), parse.GetValue(onnx), new OnnxExportOptions
        {
            BatchSize = BatchSize(parse.GetValue(batch)!),
            NoiseInGraph = parse.GetValue(noise),
            NoiseSeed = parse.GetValue(noiseSeed),
            WholePixels = !parse.GetValue(floatPixels),
        })));
        return command;
    }

    private static int Export(CliConsole console, string? modelPath, string? onnxPath, OnnxExportOptions options)
    {
        if (string.IsNullOrEmpty(onnxPath))
        {
            throw new CliUsageException("--onnx is required: the .onnx file to write");
        }

        if (Directory.Exists(onnxPath))
        {
            throw new CliUsageException($"--onnx {onnxPath} is a folder, not a file");
        }

        var part = LoadExportable(modelPath);
        try
        {
            var contract = part switch
            {
                GanTransformer gan => Export(gan, onnxPath, options),
                ColorizerTransformer colorizer => Export(colorizer, onnxPath, options),
                _ => throw new InvalidOperationException($"unexpected part {part.GetType().Name}"),
            };
            console.Output.WriteLine($"wrote {Path.GetFullPath(onnxPath)} ({new FileInfo(onnxPath).Length:N0} bytes, ONNX opset 13)");
            console.Output.WriteLine($"  {contract}");
            console.Output.WriteLine("  output Pixels: 0..255, channel-planar (R, G, B planes; one plane when gray), as ML.NET's ConvertToImage reads it");
        }
        finally
        {
            (part as IDisposable)?.Dispose();
        }

        return CliApp.Success;
    }

    private static string Export(GanTransformer gan, string path, OnnxExportOptions options)
    {
        gan.ExportOnnx(path, options);
        var batch = Batch(options);
        var inputs = options.NoiseInGraph ? new List<string>() : [$"Latent float [{batch}, {gan.LatentSize}]"];
        if (gan.IsConditional)
        {
            inputs.Add($"Label int64 [{batch}, 1] (0..{gan.ClassNames.Count - 1}: {string.Join(", ", gan.ClassNames)})");
        }
        else if (options.NoiseInGraph)
        {
            inputs.Add($"Row float [{batch}, 1] (ignored)");
        }

        return $"{(gan.IsConditional ? "conditional " : string.Empty)}generator {gan.ImageShape}: inputs {string.Join(", ", inputs)}" +
            $"; output Pixels float [{batch}, {gan.ImageShape.Size}]" + (options.NoiseInGraph ? $"; z drawn in the graph with seed {options.NoiseSeed}" : string.Empty);
    }

    private static string Export(ColorizerTransformer colorizer, string path, OnnxExportOptions options)
    {
        if (options.NoiseInGraph)
        {
            throw new CliUsageException("--noise-in-graph applies to GAN generators; the model is a colorizer (it has no latent input)");
        }

        colorizer.ExportOnnx(path, options);
        var size = colorizer.Info.ImageSize;
        return $"colorizer {size}x{size}: input Gray float [{Batch(options)}, {size * size}] (0..255); output Pixels float [{Batch(options)}, {3 * size * size}]";
    }

    // The one GAN generator or colorizer the file holds; what the file holds comes from the part kinds in its manifest.
    private static ITransformer LoadExportable(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new CliUsageException("--model is required: the model.zip written by 'mlnet-gan train' or 'mlnet-gan colorize train'");
        }

        if (!File.Exists(path))
        {
            throw new CliUsageException($"--model: file not found: {path}");
        }

        ModelFiles.EnsureEngine();
        ITransformer loaded;
        try
        {
            loaded = new MLContext().Model.LoadWithGan(path, out _);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException or KeyNotFoundException or FormatException)
        {
            throw new CliUsageException($"--model: {path} is not a readable model file: {CliApp.OneLine(e.Message)}");
        }

        var parts = GanModelFile.Flatten(loaded).ToList();
        var exportable = parts.Where(p => p is GanTransformer or ColorizerTransformer).ToList();
        if (exportable.Count == 1)
        {
            return exportable[0];
        }

        foreach (var p in parts.OfType<IDisposable>())
        {
            p.Dispose();
        }

        throw new CliUsageException(exportable.Count == 0
            ? $"--model: {path} holds no GAN generator or colorizer (a pipeline of {string.Join(", ", parts.Select(t => t.GetType().Name))})"
            : $"--model: {path} holds {exportable.Count} exportable models; export works with one");
    }

    private static int? BatchSize(string value)
    {
        if (string.Equals(value, "dynamic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new CliUsageException($"--batch must be a positive number or 'dynamic', got '{value}'");
    }

    private static string Batch(OnnxExportOptions options) =>
        options.BatchSize?.ToString(CultureInfo.InvariantCulture) ?? "batch";
}
