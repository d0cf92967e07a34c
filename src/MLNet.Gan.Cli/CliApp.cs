// Builds the mlnet-gan command tree and runs it: parse errors and bad input become one "error:" line on stderr with
// exit code 2, never a stack trace. Also the entry point (Ctrl+C) and the model loading the commands share.
using System.CommandLine;
using System.Text.RegularExpressions;
using Microsoft.ML;
using MLNet.Gan.Cli.Commands;
using MLNet.Gan.IO;
using MLNet.Gan.Runtime;

namespace MLNet.Gan.Cli;

/// <summary>The command line application, callable in-process (tests) or from <see cref="Program.Main"/>.</summary>
public static partial class CliApp
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code of an unexpected failure, or of an environment that cannot run the engine.</summary>
    public const int Failure = 1;

    /// <summary>Exit code of bad input: unknown flags, missing files, conflicting options, unusable models or data.</summary>
    public const int BadInput = 2;

    /// <summary>
    /// Runs <paramref name="args"/>; normal output goes to <paramref name="output"/>, errors to <paramref name="error"/>.
    /// No arguments means <c>train</c> with its defaults. <paramref name="cancellationToken"/> stops training early
    /// (the model trained so far is still saved).
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var console = new CliConsole(output, error, cancellationToken);
        var parse = Parse(args, console);
        if (parse.Errors.Count > 0)
        {
            var messages = parse.Errors.Select(e => OneLine(PlainTypeNames(e.Message))).Distinct();
            error.WriteLine($"error: {string.Join(" ", messages)} (see 'mlnet-gan --help')");
            return BadInput;
        }

        return parse.Invoke(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        });
    }

    /// <summary>Parses <paramref name="args"/> against the command tree; no arguments parse as <c>train</c> with its defaults.</summary>
    internal static ParseResult Parse(string[] args, CliConsole console) =>
        BuildRoot(console).Parse(args.Length == 0 ? ["train"] : args);

    /// <summary>The root command with its subcommands.</summary>
    public static RootCommand BuildRoot(CliConsole console)
    {
        var root = new RootCommand("mlnet-gan: train GANs and conditional GANs on images, generate samples, inspect and evaluate models. " +
            "Without arguments: train a conditional GAN on Fashion-MNIST for 240 s into runs/fashion-cgan.");
        root.Subcommands.Add(TrainCommand.Create(console));
        root.Subcommands.Add(GenerateCommand.Create(console));
        root.Subcommands.Add(InfoCommand.Create(console));
        root.Subcommands.Add(EvaluateCommand.Create(console));
        root.Subcommands.Add(ColorizeCommand.Create(console));
        root.Subcommands.Add(TabularCommand.Create(console));
        root.Subcommands.Add(ToyCommand.Create(console));
        root.Subcommands.Add(ExportCommand.Create(console));
        return root;
    }

    /// <summary>Runs a command body, turning expected failures into one error line and exit code 2.</summary>
    internal static int Guard(CliConsole console, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (IsBadInput(e))
        {
            console.Error.WriteLine($"error: {OneLine(MessageOf(e))}");
            return BadInput;
        }
        catch (CliEnvironmentException e)
        {
            console.Error.WriteLine($"error: {OneLine(e.Message)}");
            return Failure;
        }
        catch (Exception e)
        {
            console.Error.WriteLine($"error: unexpected {e.GetType().Name}: {OneLine(e.Message)}");
            return Failure;
        }
    }

    // Parse errors name .NET types ("System.Nullable`1[System.Int32]"); the user reads "Int32".
    private static string PlainTypeNames(string message) =>
        NullableType().Replace(message, "$1").Replace("System.", string.Empty, StringComparison.Ordinal);

    [GeneratedRegex(@"System\.Nullable`1\[System\.(\w+)\]")]
    private static partial Regex NullableType();

    // Messages with line breaks (option lists, loader reports) are joined so the error stays one line.
    internal static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    // ArgumentException appends " (Parameter 'x')" (and ArgumentOutOfRangeException "Actual value was ...") to its
    // message; the user needs only the sentence.
    private static string MessageOf(Exception e)
    {
        if (e is not ArgumentException { ParamName: { } name } argument)
        {
            return e.Message;
        }

        var message = e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal);
        if (argument is ArgumentOutOfRangeException { ActualValue: { } actual })
        {
            message = message.Replace($"{Environment.NewLine}Actual value was {actual}.", string.Empty, StringComparison.Ordinal);
        }

        return message;
    }

    private static bool IsBadInput(Exception e) => e is CliUsageException or ArgumentException or FileNotFoundException
        or DirectoryNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException
        or FormatException or NotSupportedException;
}

/// <summary>Bad command-line input found by a command (conflicting flags, a model that cannot do what was asked).</summary>
public sealed class CliUsageException : Exception
{
    /// <summary>Creates the exception with the message shown to the user.</summary>
    public CliUsageException(string message)
        : base(message)
    {
    }
}

/// <summary>The machine cannot run the engine (TorchSharp's native library does not load): exit code 1, one line.</summary>
public sealed class CliEnvironmentException : Exception
{
    /// <summary>Wraps the loader's explanation.</summary>
    public CliEnvironmentException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>Where a command writes and whether it may draw live progress.</summary>
public sealed class CliConsole
{
    /// <summary>Wraps the writers of one run.</summary>
    public CliConsole(TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        Output = output;
        Error = error;
        CancellationToken = cancellationToken;
    }

    /// <summary>Normal output.</summary>
    public TextWriter Output { get; }

    /// <summary>Error and warning output.</summary>
    public TextWriter Error { get; }

    /// <summary>Cancels long work (Ctrl+C).</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Whether output is the real, interactive terminal (live progress bar) rather than a file, pipe or test writer.</summary>
    public bool IsInteractive => ReferenceEquals(Output, Console.Out) && !Console.IsOutputRedirected;
}

/// <summary>The process entry point: the first Ctrl+C asks training to stop cleanly (the model so far is still saved); a second one ends the process.</summary>
public static class Program
{
    /// <summary>Runs the command line against the console; returns the exit code.</summary>
    public static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                Console.Error.WriteLine("stopping after the current step; the model so far will be saved (Ctrl+C again to quit now)");
                cancel.Cancel();
            }
        };
        return CliApp.Run(args, Console.Out, Console.Error, cancel.Token);
    }
}

/// <summary>Loads GAN models for the generate, info and evaluate commands.</summary>
internal static class ModelFiles
{
    /// <summary>The GAN generator in <paramref name="path"/>; a chain's other transforms are dropped (only generation is needed).</summary>
    public static GanTransformer Load(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new CliUsageException("--model is required: the model.zip written by 'mlnet-gan train'");
        }

        if (!File.Exists(path))
        {
            throw new CliUsageException($"--model: file not found: {path}");
        }

        EnsureEngine();
        ITransformer loaded;
        try
        {
            loaded = new MLContext().Model.LoadWithGan(path, out _);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException or KeyNotFoundException or FormatException)
        {
            throw new CliUsageException($"--model: {path} is not a readable model file: {CliApp.OneLine(e.Message)}");
        }

        var gans = GanModelFile.Flatten(loaded).OfType<GanTransformer>().ToList();
        if (gans.Count == 1)
        {
            return gans[0];
        }

        foreach (var gan in gans)
        {
            gan.Dispose();
        }

        throw new CliUsageException(gans.Count == 0
            ? $"--model: {path} holds no GAN generator (a pipeline of {string.Join(", ", GanModelFile.Flatten(loaded).Select(t => t.GetType().Name))})"
            : $"--model: {path} holds {gans.Count} GAN generators; the command line works with one");
    }

    /// <summary>Fails with one line naming the flag when <paramref name="model"/> has no classes.</summary>
    public static void RequireConditional(GanTransformer model, string path, string flag)
    {
        if (!model.IsConditional)
        {
            throw new CliUsageException($"{flag} needs a conditional model, but {path} is an unconditional GAN (it has no classes)");
        }
    }

    /// <summary>Loads TorchSharp's native engine; a machine that cannot is an environment failure (exit code 1), not bad input.</summary>
    public static void EnsureEngine()
    {
        try
        {
            TorchRuntime.EnsureLoaded();
        }
        catch (InvalidOperationException e)
        {
            // The cause and the remedy; TorchSharp's own probing trace and the loader's list of paths stay out of the one line.
            var lines = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            throw new CliEnvironmentException(string.Join(" ", lines.Take(2)), e);
        }
    }
}
