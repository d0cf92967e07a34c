// `mlnet-gan info`: what a model file holds (kind, classes, shape, architecture, steps, size).
using System.CommandLine;
using System.Globalization;

namespace MLNet.Gan.Cli.Commands;

/// <summary>The info subcommand.</summary>
internal static class InfoCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string?> model = new("--model") { Description = "The model.zip to describe" };
        var command = new Command("info", "Describe a trained model") { model };
        command.SetAction(parse => CliApp.Guard(console, () => Describe(console, parse.GetValue(model))));
        return command;
    }

    private static int Describe(CliConsole console, string? path)
    {
        using var model = ModelFiles.Load(path);
        var info = model.Info;
        var o = console.Output;
        var parameters = model.Generator.parameters().Sum(p => p.numel());
        o.WriteLine($"model          {Path.GetFullPath(path!)}");
        o.WriteLine($"kind           GAN generator ({(model.IsConditional ? "conditional GAN" : "unconditional GAN")})");
        o.WriteLine($"conditional    {(model.IsConditional ? "yes" : "no")}");
        if (model.IsConditional)
        {
            o.WriteLine($"classes        {model.ClassNames.Count}: {string.Join(", ", model.ClassNames.Select((n, i) => $"{i}={n}"))}");
        }

        o.WriteLine($"image shape    {info.Channels} channel(s), {info.Height}x{info.ImageWidth} ({info.ValueKind})");
        o.WriteLine($"latent size    {model.LatentSize}");
        o.WriteLine($"architecture   {info.CustomGenerator ?? info.Architecture.ToString()}, width {info.Width}");
        o.WriteLine($"loss           {info.Loss}");
        o.WriteLine($"weights        {(info.UsesMovingAverage ? "moving average of the generator (EMA)" : "last generator step")}");
        o.WriteLine($"parameters     {parameters.ToString("N0", CultureInfo.InvariantCulture)}");
        o.WriteLine($"trained steps  {info.Steps}");
        o.WriteLine($"columns        {info.ImageColumnName} -> {info.OutputColumnName}" + (info.LabelColumnName is null ? string.Empty : $", label {info.LabelColumnName}"));
        o.WriteLine($"device         {model.Device}");
        o.WriteLine($"file size      {new FileInfo(path!).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes");
        return CliApp.Success;
    }
}
