// The TensorFlow DCGAN tutorial's MNIST model as TorchSharp modules: G dense -> 7x7x256, then 5x5 transposed
// convolutions to 128, 64, 1 channels; D two 5x5 stride-2 convolutions (64, 128) with dropout, then a dense score.
// Built from TorchSharp's nn layers (plain TorchSharp) or from MLNet.Gan's layers (same maths and initial weights; PackedDropout draws its masks its own way).
using MLNet.Gan.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.Gan.Benchmarks;

/// <summary>The tutorial's generator: z (B, 100) -> images (B, 1, 28, 28).</summary>
public sealed class TutorialGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential body;

    /// <param name="libraryLayers">MLNet.Gan's mixed-precision layers instead of nn.Linear and nn.ConvTranspose2d.</param>
    /// <param name="latentSize">Size of z.</param>
    public TutorialGenerator(bool libraryLayers = false, int latentSize = 100)
        : base(nameof(TutorialGenerator))
    {
        nn.Module<Tensor, Tensor> Up(long cin, long cout, long stride, long outputPadding) => libraryLayers
            ? new MixedConvTranspose2d(cin, cout, 5, stride, 2, outputPadding, hasBias: false)
            : nn.ConvTranspose2d(cin, cout, 5, stride: stride, padding: 2, output_padding: outputPadding, bias: false);
        body = nn.Sequential(
            libraryLayers ? new MixedLinear(latentSize, 7 * 7 * 256, hasBias: false) : nn.Linear(latentSize, 7 * 7 * 256, hasBias: false),
            nn.BatchNorm1d(7 * 7 * 256), nn.LeakyReLU(0.3),
            nn.Unflatten(1, new long[] { 256, 7, 7 }), // (B, 256, 7, 7)
            Up(256, 128, 1, 0), nn.BatchNorm2d(128), nn.LeakyReLU(0.3), // (B, 128, 7, 7)
            Up(128, 64, 2, 1), nn.BatchNorm2d(64), nn.LeakyReLU(0.3), // (B, 64, 14, 14)
            Up(64, 1, 2, 1), nn.Tanh()); // (B, 1, 28, 28)
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => body.call(input);
}

/// <summary>The tutorial's discriminator: images (B, 1, 28, 28) -> logits (B, 1).</summary>
public sealed class TutorialDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential body;

    /// <param name="libraryLayers">MLNet.Gan's mixed-precision layers and <see cref="PackedDropout"/> instead of nn.Conv2d, nn.Linear and nn.Dropout.</param>
    public TutorialDiscriminator(bool libraryLayers = false)
        : base(nameof(TutorialDiscriminator))
    {
        nn.Module<Tensor, Tensor> Down(long cin, long cout) => libraryLayers
            ? new MixedConv2d(cin, cout, 5, stride: 2, padding: 2)
            : nn.Conv2d(cin, cout, 5, stride: 2, padding: 2);
        nn.Module<Tensor, Tensor> Dropout() => libraryLayers ? new PackedDropout(0.3) : nn.Dropout(0.3);
        body = nn.Sequential(
            Down(1, 64), nn.LeakyReLU(0.3), Dropout(), // (B, 64, 14, 14)
            Down(64, 128), nn.LeakyReLU(0.3), Dropout(), // (B, 128, 7, 7)
            nn.Flatten(), libraryLayers ? new MixedLinear(128 * 7 * 7, 1) : nn.Linear(128 * 7 * 7, 1)); // (B, 1)
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => body.call(input);
}
