// The adversarial objectives: discriminator and generator losses for each GanLoss, and the WGAN gradient penalty.
using MLNet.Gan.Torch;

namespace MLNet.Gan.Training;

using Torch = MLNet.Gan.Torch.Torch;

/// <summary>The game the generator and discriminator play.</summary>
public enum GanLoss
{
    /// <summary>
    /// The original minimax game: D maximises log D(x) + log(1 - D(G(z))), G minimises log(1 - D(G(z))).
    /// G's gradient vanishes when D wins early; kept for study and comparison.
    /// </summary>
    Minimax,

    /// <summary>The non-saturating variant used in practice: G maximises log D(G(z)).</summary>
    NonSaturating,

    /// <summary>Least-squares GAN: D regresses real to 1 and fake to 0; G pushes fakes to 1.</summary>
    LeastSquares,

    /// <summary>Hinge loss: D minimises relu(1 - D(x)) + relu(1 + D(G(z))); G maximises D(G(z)).</summary>
    Hinge,

    /// <summary>Wasserstein GAN with gradient penalty on interpolates between real and fake images.</summary>
    WassersteinGp,
}

/// <summary>Computes the losses of <see cref="GanLoss"/> from discriminator logits.</summary>
internal static class AdversarialLoss
{
    /// <summary>True when D's output is a logit of a probability (reported through a sigmoid).</summary>
    public static bool IsProbabilistic(GanLoss loss) => loss is GanLoss.Minimax or GanLoss.NonSaturating;

    /// <summary>Discriminator loss from logits on real (B) and fake (B) images; <paramref name="realTarget"/> &lt; 1 smooths labels.</summary>
    public static Tensor Discriminator(GanLoss loss, Tensor real, Tensor fake, double realTarget) => loss switch
    {
        GanLoss.Minimax or GanLoss.NonSaturating =>
            Losses.BinaryCrossEntropyWithLogits(real, realTarget) + Losses.BinaryCrossEntropyWithLogits(fake, 0.0),
        GanLoss.LeastSquares => 0.5 * ((real - realTarget).Square().Mean() + fake.Square().Mean()),
        GanLoss.Hinge => (1.0 - real).Relu().Mean() + (1.0 + fake).Relu().Mean(),
        GanLoss.WassersteinGp => fake.Mean() - real.Mean(),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "unknown GAN loss"),
    };

    /// <summary>Generator loss from D's logits on fake images (B).</summary>
    public static Tensor Generator(GanLoss loss, Tensor fake) => loss switch
    {
        // minimise log(1 - sigmoid(l)) = -softplus(l)
        GanLoss.Minimax => -fake.Softplus().Mean(),
        // minimise -log(sigmoid(l))
        GanLoss.NonSaturating => Losses.BinaryCrossEntropyWithLogits(fake, 1.0),
        GanLoss.LeastSquares => 0.5 * (fake - 1.0).Square().Mean(),
        GanLoss.Hinge or GanLoss.WassersteinGp => -fake.Mean(),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "unknown GAN loss"),
    };

    /// <summary>
    /// Gradient penalty E[(||grad_x D(x_hat)||_2 - 1)^2] on random interpolates x_hat between real and fake (B, C, H, W).
    /// </summary>
    public static Tensor GradientPenalty(Func<Tensor, Tensor> critic, Tensor real, Tensor fake)
    {
        var batch = real.Size(0);
        var eps = Torch.Rand(new[] { batch, 1L, 1, 1 }, device: real.Device); // (B, 1, 1, 1)
        var mixed = (eps * real + (1.0 - eps) * fake).Detach().RequiresGrad_();
        var scores = critic(mixed); // (B)
        var grad = Autograd.Grad(scores.Sum(), mixed, retainGraph: true, createGraph: true); // (B, C, H, W)
        return (grad.Flatten(1).Norm(new[] { 1L }) - 1.0).Square().Mean();
    }

    /// <summary>Mean D output for reporting: a probability for the BCE losses, the raw score otherwise.</summary>
    public static double Report(GanLoss loss, Tensor logits)
    {
        using var scope = Torch.NewScope();
        return (IsProbabilistic(loss) ? logits.Sigmoid() : logits).Mean().ToDouble();
    }
}
