// Pieces the built-in networks share: DCGAN weight initialisation, optional spectral norm, label embeddings.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.Gan.Networks;

/// <summary>Helpers the built-in networks share.</summary>
internal static class Layers
{
    /// <summary>A fully connected layer, spectrally normalised when asked.</summary>
    public static nn.Module<Tensor, Tensor> Linear(long inFeatures, long outFeatures, bool spectral, bool hasBias = true) =>
        spectral ? new SpectralLinear(inFeatures, outFeatures, hasBias) : new MixedLinear(inFeatures, outFeatures, hasBias);

    /// <summary>A 4x4 stride-2 convolution (halves H and W), spectrally normalised when asked.</summary>
    public static nn.Module<Tensor, Tensor> Down(long inChannels, long outChannels, bool spectral, bool hasBias = true) =>
        spectral
            ? new SpectralConv2d(inChannels, outChannels, 4, stride: 2, padding: 1, hasBias: hasBias)
            : new MixedConv2d(inChannels, outChannels, 4, stride: 2, padding: 1, hasBias: hasBias);

    /// <summary>Concatenates an embedding of the labels to a flat input: (B, F) + (B, E) -> (B, F + E).</summary>
    public static Tensor ConcatLabels(Tensor flat, Embedding? embedding, Tensor? labels) =>
        embedding is null || labels is null ? flat : cat(new[] { flat, embedding.call(labels) }, 1);

    /// <summary>
    /// The DCGAN paper's initialisation (Radford et al., 2015) on every layer of <paramref name="module"/>:
    /// convolution and transposed-convolution weights N(0, 0.02²); batch-norm weights N(1, 0.02²), biases 0.
    /// </summary>
    public static void DcganInit(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var (_, m) in module.named_modules())
        {
            switch (m)
            {
                case Conv2d c:
                    nn.init.normal_(c.weight!, 0, 0.02);
                    break;
                case ConvTranspose2d c:
                    nn.init.normal_(c.weight!, 0, 0.02);
                    break;
                case MixedConv2d or MixedConvTranspose2d:
                    nn.init.normal_(((MixedPrecisionLayer)m).weight, 0, 0.02);
                    break;
                case SpectralConv2d c:
                    nn.init.normal_(c.weight_orig, 0, 0.02);
                    break;
                case BatchNorm1d b:
                    nn.init.normal_(b.weight!, 1, 0.02);
                    nn.init.zeros_(b.bias!);
                    break;
                case BatchNorm2d b:
                    nn.init.normal_(b.weight!, 1, 0.02);
                    nn.init.zeros_(b.bias!);
                    break;
            }
        }
    }

    /// <summary>Size of the label embedding a generator concatenates to z.</summary>
    public static int EmbeddingSize(int latentSize) => Math.Min(50, Math.Max(8, latentSize / 2));
}
