// Watches training for the classic failure modes and says so in plain words.
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Training;

/// <summary>Detects mode collapse (near-identical samples) and vanishing generator gradients.</summary>
/// <remarks>
/// Mode collapse is checked for every loss, every <c>CollapseCheckInterval</c> steps, by comparing the spread of a
/// generated batch with a real one. Vanishing gradients are detected only for the two sigmoid losses
/// (<see cref="GanLoss.Minimax"/> and <see cref="GanLoss.NonSaturating"/>), where they have a clear signature: D(G(z))
/// pinned near 0 means the sigmoid saturates and G's loss has (almost) no slope. The least-squares, hinge and
/// Wasserstein losses are built so that G keeps a gradient when D wins, and a falling gradient norm there also
/// happens as training converges, so no warning is raised for them.
/// </remarks>
internal sealed class TrainingMonitor
{
    /// <summary>Generated diversity below this fraction of the real data's counts as collapse.</summary>
    public const double CollapseRatio = 0.2;

    /// <summary>D(G(z)) below this probability counts as D winning outright.</summary>
    public const double PinnedProbability = 0.02;

    /// <summary>Consecutive steps D(G(z)) must stay pinned before a warning.</summary>
    public const int PinnedSteps = 200;

    private readonly bool _probabilistic;
    private int _pinned;
    private bool _collapseWarned;
    private bool _vanishingWarned;

    public TrainingMonitor(GanLoss loss) => _probabilistic = AdversarialLoss.IsProbabilistic(loss);

    /// <summary>Every warning raised so far.</summary>
    public List<string> Warnings { get; } = new();

    /// <summary>Checks D(G(z)) after a step; returns a warning the first time it stays near 0 too long.</summary>
    public string? CheckVanishing(long step, double meanDFake, GanLoss loss)
    {
        if (!_probabilistic)
        {
            return null;
        }

        _pinned = meanDFake < PinnedProbability ? _pinned + 1 : 0;
        if (_pinned < PinnedSteps || _vanishingWarned)
        {
            return null;
        }

        _vanishingWarned = true;
        var advice = loss == GanLoss.Minimax
            ? "the minimax generator loss log(1 - D(G(z))) has almost no gradient there: use the NonSaturating loss"
            : "lower the discriminator's learning rate, add label smoothing or instance noise, or use fewer discriminator steps";
        return Add($"vanishing generator gradients at step {step}: D(G(z)) stayed below {PinnedProbability} for {PinnedSteps} steps " +
                   $"(now {meanDFake:0.0000}); {advice}.");
    }

    /// <summary>Compares the spread of a generated batch with a real one; returns a warning on collapse.</summary>
    public string? CheckCollapse(long step, Tensor fake, Tensor real, Tensor? labels)
    {
        if (_collapseWarned)
        {
            return null;
        }

        var generated = MeanPairwiseDistance(fake, labels);
        var reference = MeanPairwiseDistance(real, labels);
        if (reference <= 0 || generated / reference >= CollapseRatio)
        {
            return null;
        }

        _collapseWarned = true;
        return Add($"mode collapse suspected at step {step}: generated samples are nearly identical " +
                   $"(mean distance {generated:0.000} vs {reference:0.000} between real images); try the NonSaturating or " +
                   "WassersteinGp loss, spectral norm, a lower generator learning rate, or restart with another seed.");
    }

    /// <summary>Mean L2 distance between pairs of images (B, ...) — between pairs of the same label when labels are given.</summary>
    public static double MeanPairwiseDistance(Tensor images, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = images.detach().flatten(1).to(ScalarType.Float32); // (B, F); a bfloat16 fake is compared in float32
        var d = cdist(x.unsqueeze(0), x.unsqueeze(0)).squeeze(0); // (B, B)
        var batch = x.shape[0];
        var index = arange(batch, device: x.device);
        var mask = index.unsqueeze(0).ne(index.unsqueeze(1)); // (B, B) off-diagonal pairs
        if (labels is not null)
        {
            mask = mask.logical_and(labels.unsqueeze(0).eq(labels.unsqueeze(1)));
        }

        var weights = mask.to_type(ScalarType.Float32);
        var pairs = weights.sum().item<float>();
        return pairs == 0 ? 0 : (d * weights).sum().item<float>() / pairs;
    }

    private string Add(string warning)
    {
        Warnings.Add(warning);
        return warning;
    }
}
