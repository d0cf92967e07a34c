// `mlnet-gan toy`: the 2-D mode-coverage benchmarks (ring of 8 Gaussians, 5x5 grid of 25) with the library's MLP GAN:
// trains, prints modes covered and the share of high-quality samples, and writes a real-vs-generated scatter PNG and JSON.
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Imaging;
using MLNet.Gan.IO;
using MLNet.Gan.Training;

namespace MLNet.Gan.Cli.Commands;

/// <summary>The toy subcommand.</summary>
internal static class ToyCommand
{
    private sealed record Arguments(string Mixture, string Loss, long Steps, int BatchSize, int Samples, int Seed, string Out, string Device,
        int LatentSize, int Width, bool SpectralNorm);

    public static Command Create(CliConsole console)
    {
        Option<string> mixture = new("--mixture") { Description = "ring8 (8 Gaussians on a circle) or grid25 (5x5 grid of Gaussians)", DefaultValueFactory = _ => "ring8" };
        Option<string> loss = new("--loss") { Description = "minimax, non-saturating, least-squares, hinge or wasserstein-gp", DefaultValueFactory = _ => "non-saturating" };
        Option<long> steps = new("--steps") { Description = "Generator steps", DefaultValueFactory = _ => 6000 };
        Option<int> batch = new("--batch-size") { Description = "Points per step", DefaultValueFactory = _ => 128 };
        Option<int> samples = new("--samples") { Description = "Generated points scored and plotted", DefaultValueFactory = _ => 2500 };
        Option<int> seed = new("--seed") { Description = "Seed of the data, the weights and the samples", DefaultValueFactory = _ => 0 };
        Option<string> output = new("--out") { Description = "Folder for MIXTURE-LOSS.png (scatter) and MIXTURE-LOSS.json", DefaultValueFactory = _ => Path.Combine("runs", "toy") };
        Option<string> device = new("--device") { Description = "cpu, cuda, cuda:N or auto", DefaultValueFactory = _ => "auto" };
        Option<int> latent = new("--latent-size") { Description = "Latent dimensions of the generator", DefaultValueFactory = _ => 8 };
        Option<int> width = new("--width") { Description = "Network width: the MLPs get 8x (G) and 16x (D) this many hidden units", DefaultValueFactory = _ => 16 };
        Option<bool> spectral = new("--spectral-norm") { Description = "Spectral normalisation of the discriminator (a remedy for mode collapse)" };
        var command = new Command("toy", "Mode-coverage benchmark: train the MLP GAN on a 2-D Gaussian mixture, count the modes it covers, plot real vs generated")
        {
            mixture, loss, steps, batch, samples, seed, output, device, latent, width, spectral,
        };
        command.SetAction(parse => CliApp.Guard(console, () => Run(console, new Arguments(parse.GetValue(mixture)!, parse.GetValue(loss)!,
            parse.GetValue(steps), parse.GetValue(batch), parse.GetValue(samples), parse.GetValue(seed), parse.GetValue(output)!, parse.GetValue(device)!,
            parse.GetValue(latent), parse.GetValue(width), parse.GetValue(spectral)))));
        return command;
    }

    /// <summary>"non-saturating" → <see cref="GanLoss.NonSaturating"/>; hyphens and case do not matter.</summary>
    internal static GanLoss ParseLoss(string text) =>
        Enum.TryParse<GanLoss>(text.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var loss) && Enum.IsDefined(loss)
            ? loss
            : throw new CliUsageException($"--loss: unknown loss '{text}': expected minimax, non-saturating, least-squares, hinge or wasserstein-gp");

    private static int Run(CliConsole console, Arguments a)
    {
        var loss = ParseLoss(a.Loss);
        GaussianMixture mixture;
        try
        {
            mixture = GaussianMixture.Named(a.Mixture);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"--mixture: {CliApp.OneLine(e.Message.Split(" (Parameter", 2)[0])}");
        }

        foreach (var (flag, value) in new[] { ("--steps", a.Steps), ("--batch-size", a.BatchSize), ("--samples", a.Samples), ("--latent-size", a.LatentSize), ("--width", a.Width) })
        {
            if (value <= 0)
            {
                throw new CliUsageException($"{flag} must be positive, got {value}");
            }
        }

        ModelFiles.EnsureEngine();
        var options = new GanTrainer.Options
        {
            Loss = loss,
            MaxSteps = a.Steps,
            BatchSize = a.BatchSize,
            Seed = a.Seed,
            Device = a.Device,
            EmaDecay = 0, // the last generator weights, as the mode-coverage papers score them
            Architecture = GanArchitecture.Mlp,
            LatentSize = a.LatentSize,
            Width = a.Width,
            SpectralNorm = a.SpectralNorm,
            CancellationToken = console.CancellationToken,
        };
        var view = new TrainingProgressView(console, showTotalSteps: true);
        options.Progress = view;
        console.Output.WriteLine($"training the MLP GAN ({loss}) on {mixture.Name}: {mixture.Means.Count} Gaussians, std {mixture.Std}, {a.Steps} steps of {a.BatchSize} points");
        using var run = view.Run(() => ModeCoverageBenchmark.Run(new MLContext(seed: a.Seed), mixture, options, samples: a.Samples, seed: a.Seed));
        var c = run.Coverage;
        var steps = run.Model.Info.Steps;
        var name = $"{mixture.Name}-{a.Loss.ToLowerInvariant()}{(a.SpectralNorm ? "-sn" : string.Empty)}";
        Directory.CreateDirectory(a.Out);
        var png = Path.GetFullPath(Path.Combine(a.Out, name + ".png"));
        var title = string.Create(CultureInfo.InvariantCulture,
            $"{mixture.Name}, {a.Loss}{(a.SpectralNorm ? " + spectral norm" : string.Empty)}: {c.ModesCovered}/{c.Modes} modes, {c.HighQualityShare:P1} high quality ({steps} steps)");
        ScatterPlot.Write(png, ModeCoverageRun.Pairs(run.Real), ModeCoverageRun.Pairs(run.Generated), mixture.Means, mixture.Extent, title);

        var json = Path.GetFullPath(Path.Combine(a.Out, name + ".json"));
        var report = new JsonObject
        {
            ["mixture"] = mixture.Name,
            ["loss"] = loss.ToString(),
            ["steps"] = steps,
            ["batch_size"] = a.BatchSize,
            ["latent_size"] = a.LatentSize,
            ["width"] = a.Width,
            ["spectral_norm"] = a.SpectralNorm,
            ["seed"] = a.Seed,
            ["n"] = c.Samples,
            ["modes"] = c.Modes,
            ["modes_covered"] = c.ModesCovered,
            ["high_quality_share"] = c.HighQualityShare,
            ["minimum_per_mode"] = c.MinimumPerMode,
            ["per_mode"] = new JsonArray(c.PerMode.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
        };
        AtomicFile.WriteAllBytes(json, Encoding.UTF8.GetBytes(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));

        var o = console.Output;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"modes covered       {c.ModesCovered} / {c.Modes}  (at least {c.MinimumPerMode} of {c.Samples} samples within 3 std of the mode)"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"high quality        {c.HighQualityShare:P1}  (samples within 3 std of their nearest mode; real data: 98.9 %)"));
        o.WriteLine($"high-quality samples per mode: {string.Join(' ', c.PerMode)}");
        o.WriteLine($"scatter             {png}");
        o.WriteLine($"json                {json}");
        return CliApp.Success;
    }
}
