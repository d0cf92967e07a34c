// The options of every command that decodes image files (train, evaluate --data, colorize train|apply|evaluate):
// --background for transparency, --resize for other shapes, --max-pixels for the decoding limit.
using System.CommandLine;
using Microsoft.ML.Transforms.Image;
using MLNet.Gan.Imaging;

namespace MLNet.Gan.Cli;

/// <summary>Builds and reads the image-decoding options.</summary>
internal static class ImageDecodingOptions
{
    /// <summary>The --resize words and ML.NET's resizing kinds they stand for.</summary>
    private static readonly Dictionary<string, ImageResizingEstimator.ResizingKind> ResizeKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["crop"] = ImageResizingEstimator.ResizingKind.IsoCrop,
        ["pad"] = ImageResizingEstimator.ResizingKind.IsoPad,
        ["stretch"] = ImageResizingEstimator.ResizingKind.Fill,
    };

    /// <summary>The three options, to add to a command.</summary>
    public static Option[] Create() =>
    [
        new Option<string>("--background") { Description = "Colour transparent pixels and padding are composited onto: white, black or #RRGGBB", DefaultValueFactory = _ => "white" },
        new Option<string>("--resize") { Description = "How images of another shape fit the square size: crop (scale to cover, keep the centre), pad (scale to fit, pad with the background) or stretch", DefaultValueFactory = _ => "crop" },
        new Option<long>("--max-pixels") { Description = "Largest image (width x height, read from the file's header before decoding) that is decoded; larger files are skipped or refused", DefaultValueFactory = _ => ImageReadOptions.DefaultMaxPixels },
    ];

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public static void AddTo(Command command)
    {
        foreach (var option in Create())
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The decoding options a parsed command line asks for (no size: the command sets it); bad values are usage errors.</summary>
    public static ImageReadOptions Read(ParseResult parse)
    {
        ImageBackground background;
        try
        {
            background = ImageBackground.Parse(parse.GetValue<string>("--background")!);
        }
        catch (FormatException e)
        {
            throw new CliUsageException($"--background: {e.Message}");
        }

        var resize = parse.GetValue<string>("--resize")!;
        if (!ResizeKinds.TryGetValue(resize, out var kind))
        {
            throw new CliUsageException($"--resize '{resize}': expected crop, pad or stretch");
        }

        var maxPixels = parse.GetValue<long>("--max-pixels");
        if (maxPixels < 1)
        {
            throw new CliUsageException($"--max-pixels must be a positive number of pixels, got {maxPixels}");
        }

        return new ImageReadOptions { Background = background, Resizing = kind, MaxPixels = maxPixels };
    }

    /// <summary>A copy of <paramref name="options"/> that decodes to <paramref name="size"/> x <paramref name="size"/>.</summary>
    public static ImageReadOptions Sized(ImageReadOptions options, int? size) => new()
    {
        Background = options.Background,
        Resizing = options.Resizing,
        MaxPixels = options.MaxPixels,
        Width = size,
        Height = size,
    };
}
