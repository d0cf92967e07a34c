// Shared pieces of the built-in networks: optional spectral norm and label embeddings.
using MLNet.Gan.Torch;
using MLNet.Gan.Torch.NN;

namespace MLNet.Gan.Networks;

using Torch = MLNet.Gan.Torch.Torch;

/// <summary>Helpers the built-in networks share.</summary>
internal static class Layers
{
    /// <summary>Wraps a weight layer in spectral normalisation when asked.</summary>
    public static Module MaybeSpectral(Module layer, bool spectral) => spectral ? new SpectralNorm(layer) : layer;

    /// <summary>Concatenates an embedding of the labels to a flat input: (B, F) + (B, E) -> (B, F + E).</summary>
    public static Tensor ConcatLabels(Tensor flat, Embedding? embedding, Tensor? labels)
    {
        if (embedding is null || labels is null)
        {
            return flat;
        }

        return Torch.Cat(new[] { flat, embedding.Forward(labels) }, 1);
    }
}
