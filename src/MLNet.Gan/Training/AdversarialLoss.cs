// The adversarial objectives: discriminator and generator losses for each GanLoss, and the WGAN gradient penalty.
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLNet.Gan.Training;

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
        GanLoss.Minimax or GanLoss.NonSaturating => Bce(real, realTarget) + Bce(fake, 0.0),
        GanLoss.LeastSquares => 0.5 * ((real - realTarget).square().mean() + fake.square().mean()),
        GanLoss.Hinge => (1.0 - real).relu().mean() + (1.0 + fake).relu().mean(),
        GanLoss.WassersteinGp => fake.mean() - real.mean(),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "unknown GAN loss"),
    };

    /// <summary>Generator loss from D's logits on fake images (B).</summary>
    public static Tensor Generator(GanLoss loss, Tensor fake) => loss switch
    {
        // minimise log(1 - sigmoid(l)) = -softplus(l)
        GanLoss.Minimax => -F.softplus(fake).mean(),
        // minimise -log(sigmoid(l))
        GanLoss.NonSaturating => Bce(fake, 1.0),
        GanLoss.LeastSquares => 0.5 * (fake - 1.0).square().mean(),
        GanLoss.Hinge or GanLoss.WassersteinGp => -fake.mean(),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "unknown GAN loss"),
    };

    /// <summary>
    /// Gradient penalty E[(||grad_x D(x_hat)||_2 - 1)^2] on random interpolates x_hat between real and fake (B, C, H, W).
    /// </summary>
    public static Tensor GradientPenalty(Func<Tensor, Tensor> critic, Tensor real, Tensor fake)
    {
        var eps = rand(new[] { real.shape[0], 1L, 1, 1 }, device: real.device); // (B, 1, 1, 1)
        var mixed = (eps * real + (1.0 - eps) * fake).detach().requires_grad_();
        var scores = critic(mixed); // (B)
        var grad = autograd.grad(new[] { scores.sum() }, new[] { mixed }, retain_graph: true, create_graph: true)[0]; // (B, C, H, W)
        return (grad.flatten(1).to(ScalarType.Float32).norm(1) - 1.0).square().mean();
    }

    /// <summary>Mean D output for reporting: a probability for the BCE losses, the raw score otherwise.</summary>
    public static double Report(GanLoss loss, Tensor logits)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return (IsProbabilistic(loss) ? logits.sigmoid() : logits).mean().item<float>();
    }

    private static Tensor Bce(Tensor logits, double target) =>
        F.binary_cross_entropy_with_logits(logits, full_like(logits, target));
}
