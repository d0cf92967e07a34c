// Entry point of mlnet-gan: Ctrl+C asks training to stop cleanly (the model so far is still saved).
namespace MLNet.Gan.Cli;

/// <summary>The process entry point.</summary>
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
                cancel.Cancel();
            }
        };
        return CliApp.Run(args, Console.Out, Console.Error, cancel.Token);
    }
}
