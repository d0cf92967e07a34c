// Builds the mlnet-gan command tree and runs it: parse errors and bad input become one "error:" line on
// stderr with exit code 2; no stack trace ever reaches the user.
using System.CommandLine;
using MLNet.Gan.Cli.Commands;
using MLNet.Gan.Torch;

namespace MLNet.Gan.Cli;

/// <summary>The command line application, callable in-process (tests) or from <see cref="Program.Main"/>.</summary>
public static class CliApp
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code of an unexpected failure.</summary>
    public const int Failure = 1;

    /// <summary>Exit code of bad input: unknown flags, missing files, conflicting options, unusable models.</summary>
    public const int BadInput = 2;

    /// <summary>
    /// Runs <paramref name="args"/>; normal output goes to <paramref name="output"/>, errors to <paramref name="error"/>.
    /// No arguments means <c>train</c> with its defaults.
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
            error.WriteLine($"error: {OneLine(parse.Errors[0].Message)} (see 'mlnet-gan --help')");
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
        BuildRoot(console).Parse(args.Length == 0 ? new[] { "train" } : args);

    /// <summary>The root command with its subcommands.</summary>
    public static RootCommand BuildRoot(CliConsole console)
    {
        var root = new RootCommand("mlnet-gan: train GANs and conditional GANs on images, generate samples, inspect and evaluate models. " +
            "Without arguments: train a conditional GAN on Fashion-MNIST for 240 s into runs/fashion-cgan.");
        root.Subcommands.Add(TrainCommand.Create(console));
        root.Subcommands.Add(GenerateCommand.Create(console));
        root.Subcommands.Add(InfoCommand.Create(console));
        root.Subcommands.Add(EvaluateCommand.Create(console));
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
        catch (Exception e)
        {
            console.Error.WriteLine($"error: unexpected {e.GetType().Name}: {OneLine(e.Message)}");
            return Failure;
        }
    }

    // Messages with line breaks (option lists, native errors) are joined so the error stays one line.
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(new[] { '\r', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    // ArgumentException appends " (Parameter 'x')" to its message; the user needs only the sentence.
    private static string MessageOf(Exception e) => e is ArgumentException { ParamName: { } name }
        ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)
        : e.Message;

    private static bool IsBadInput(Exception e) => e is CliUsageException or ArgumentException or FileNotFoundException
        or DirectoryNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException or TorchException
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
