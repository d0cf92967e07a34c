// A tiny convolutional GAN (8x8 grayscale) and one training step of it, shared by the tests that train.
using MLNet.Gan.Torch.NN;
using MLNet.Gan.Torch.Optim;

namespace MLNet.Gan.Torch.Tests;

internal static class TinyGan
{
    public const int Latent = 16;

    // G: (B, 16) -> (B, 128) -> (B, 8, 4, 4) -> (B, 4, 8, 8) -> (B, 1, 8, 8)
    public static Sequential Generator() => new(
        new Linear(Latent, 8 * 4 * 4), new Unflatten(1, new long[] { 8, 4, 4 }),
        new ConvTranspose2d(8, 4, 4, stride: 2, padding: 1), new BatchNorm2d(4), new ReLU(),
        new Conv2d(4, 1, 3, padding: 1), new Tanh());

    // D: (B, 1, 8, 8) -> (B, 8, 4, 4) -> (B, 128) -> (B, 1)
    public static Sequential Discriminator() => new(
        new Conv2d(1, 8, 4, stride: 2, padding: 1), new LeakyReLU(0.2), new Flatten(), new Linear(8 * 4 * 4, 1));

    /// <summary>
    /// One discriminator step (real -> 1, G(noise) -> 0), then one generator step (D(G(noise)) -> 1).
    /// Returns both losses; they belong to the caller's dispose scope.
    /// </summary>
    public static (Tensor DLoss, Tensor GLoss) Step(Module g, Module d, Optimizer optG, Optimizer optD, Tensor real, Tensor noise)
    {
        optD.ZeroGrad();
        var fake = g.Forward(noise);
        var dLoss = Losses.BinaryCrossEntropyWithLogits(d.Forward(real), 1.0)
            + Losses.BinaryCrossEntropyWithLogits(d.Forward(fake.Detach()), 0.0);
        dLoss.Backward();
        optD.Step();

        optG.ZeroGrad();
        var gLoss = Losses.BinaryCrossEntropyWithLogits(d.Forward(fake), 1.0);
        gLoss.Backward();
        optG.Step();
        return (dLoss, gLoss);
    }
}
