// What a training run recorded step by step; the loss-curve plot and the CLI read it after (or during) training.
namespace MLNet.Gan.Training;

/// <summary>What happened during training: per-step losses, warnings, how it ended.</summary>
public sealed class TrainingHistory
{
    /// <summary>Discriminator loss after each generator step.</summary>
    public List<float> DiscriminatorLoss { get; } = new();

    /// <summary>Generator loss after each generator step.</summary>
    public List<float> GeneratorLoss { get; } = new();

    /// <summary>Mean D(x) after each generator step.</summary>
    public List<float> MeanDReal { get; } = new();

    /// <summary>Mean D(G(z)) after each generator step.</summary>
    public List<float> MeanDFake { get; } = new();

    /// <summary>L2 norm of the generator's parameter gradients at each generator step (before the optimizer step): how much the generator loss still teaches it.</summary>
    public List<float> GeneratorGradientNorm { get; } = new();

    /// <summary>Training-health warnings (mode collapse for any loss; vanishing gradients for Minimax and NonSaturating), as reported while training.</summary>
    public List<string> Warnings { get; } = new();

    /// <summary>Generator steps done in total (including steps before a resume).</summary>
    public long Steps { get; internal set; }

    /// <summary>Epochs completed.</summary>
    public int Epochs { get; internal set; }

    /// <summary>Wall time of this run.</summary>
    public TimeSpan Elapsed { get; internal set; }

    /// <summary>True when training stopped because of cancellation.</summary>
    public bool Cancelled { get; internal set; }

    /// <summary>The loss-curve PNG written at the end (when a sample directory was set), or null.</summary>
    public string? LossCurveFile { get; internal set; }

    /// <summary>Sample grids written during training.</summary>
    public List<string> SampleFiles { get; } = new();
}
