// How a network takes class labels, and the one place that calls a network with or without them.
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Networks;

/// <summary>
/// A network that also takes class labels: the generator of a conditional GAN maps (z, y) to an
/// image, its discriminator scores (x, y). Implement it on your own TorchSharp
/// <see cref="nn.Module{T, TResult}"/> to bring a custom conditional network.
/// </summary>
public interface IConditionalModule
{
    /// <summary>Runs the network on <paramref name="input"/> conditioned on int64 class indices <paramref name="labels"/> (B).</summary>
    Tensor forward(Tensor input, Tensor labels);
}

/// <summary>Calls a generator or discriminator with or without labels.</summary>
internal static class NetworkCalls
{
    /// <summary>Runs <paramref name="module"/> on <paramref name="input"/>, passing <paramref name="labels"/> when given.</summary>
    public static Tensor Run(nn.Module<Tensor, Tensor> module, Tensor input, Tensor? labels)
    {
        if (labels is null)
        {
            return module.call(input);
        }

        if (module is IConditionalModule conditional)
        {
            return conditional.forward(input, labels);
        }

        throw new InvalidOperationException(
            $"{module.GetType().Name} is used in a conditional GAN but does not implement IConditionalModule: " +
            "it cannot take class labels.");
    }
}
