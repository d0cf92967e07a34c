// The TensorFlow DCGAN tutorial's MNIST model as TorchSharp modules: G dense -> 7x7x256, then 5x5 transposed
// convolutions to 128, 64, 1 channels; D two 5x5 stride-2 convolutions (64, 128) with dropout, then a dense score.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.Gan.Benchmarks;

/// <summary>The tutorial's generator: z (B, 100) -> images (B, 1, 28, 28).</summary>
public sealed class TutorialGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential body;

    public TutorialGenerator(int latentSize = 100)
        : base(nameof(TutorialGenerator))
    {
        body = nn.Sequential(
            nn.Linear(latentSize, 7 * 7 * 256, hasBias: false), nn.BatchNorm1d(7 * 7 * 256), nn.LeakyReLU(0.3),
            nn.Unflatten(1, new long[] { 256, 7, 7 }), // (B, 256, 7, 7)
            nn.ConvTranspose2d(256, 128, 5, stride: 1, padding: 2, bias: false), nn.BatchNorm2d(128), nn.LeakyReLU(0.3), // (B, 128, 7, 7)
            nn.ConvTranspose2d(128, 64, 5, stride: 2, padding: 2, output_padding: 1, bias: false), nn.BatchNorm2d(64), nn.LeakyReLU(0.3), // (B, 64, 14, 14)
            nn.ConvTranspose2d(64, 1, 5, stride: 2, padding: 2, output_padding: 1, bias: false), nn.Tanh()); // (B, 1, 28, 28)
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => body.call(input);
}

/// <summary>The tutorial's discriminator: images (B, 1, 28, 28) -> logits (B, 1).</summary>
public sealed class TutorialDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential body;

    public TutorialDiscriminator()
        : base(nameof(TutorialDiscriminator))
    {
        body = nn.Sequential(
            nn.Conv2d(1, 64, 5, stride: 2, padding: 2), nn.LeakyReLU(0.3), nn.Dropout(0.3), // (B, 64, 14, 14)
            nn.Conv2d(64, 128, 5, stride: 2, padding: 2), nn.LeakyReLU(0.3), nn.Dropout(0.3), // (B, 128, 7, 7)
            nn.Flatten(), nn.Linear(128 * 7 * 7, 1)); // (B, 1)
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => body.call(input);
}
