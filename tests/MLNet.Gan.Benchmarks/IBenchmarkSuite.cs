namespace MLNet.Gan.Benchmarks;

/// <summary>One named benchmark; it prints its own table, with ratios measured side by side in one run.</summary>
public interface IBenchmarkSuite
{
    /// <summary>Short name used on the command line.</summary>
    string Name { get; }

    /// <summary>What it measures.</summary>
    string Description { get; }

    /// <summary>Runs the measurement and prints the results.</summary>
    void Run(string[] args);
}
