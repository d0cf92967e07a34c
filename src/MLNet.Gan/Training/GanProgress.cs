namespace MLNet.Gan.Training;

/// <summary>A progress report from GAN training, sent through <see cref="IProgress{T}"/>.</summary>
public sealed record GanProgress
{
    /// <summary>Generator steps done.</summary>
    public long Step { get; init; }

    /// <summary>Generator steps planned, when known (null under a pure wall-clock budget).</summary>
    public long? TotalSteps { get; init; }

    /// <summary>Epoch (passes over the data) in progress, from 1.</summary>
    public int Epoch { get; init; }

    /// <summary>Fraction of the budget used, 0..1.</summary>
    public double Fraction { get; init; }

    /// <summary>Discriminator loss of the last step.</summary>
    public double DiscriminatorLoss { get; init; }

    /// <summary>Generator loss of the last step.</summary>
    public double GeneratorLoss { get; init; }

    /// <summary>Mean D(x) on real images (a probability for the BCE losses, the raw score otherwise).</summary>
    public double MeanDReal { get; init; }

    /// <summary>Mean D(G(z)) on generated images (same scale as <see cref="MeanDReal"/>).</summary>
    public double MeanDFake { get; init; }

    /// <summary>Real images the discriminator consumed per second.</summary>
    public double ImagesPerSecond { get; init; }

    /// <summary>Time since training started.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Estimated time left.</summary>
    public TimeSpan? Eta { get; init; }

    /// <summary>True for the report sent when an epoch ends.</summary>
    public bool EpochCompleted { get; init; }

    /// <summary>
    /// A training-health warning raised at this step, with advice, or null: mode collapse (any loss) or vanishing
    /// generator gradients (the sigmoid losses Minimax and NonSaturating only). Each kind is raised once per run.
    /// </summary>
    public string? Warning { get; init; }
}
