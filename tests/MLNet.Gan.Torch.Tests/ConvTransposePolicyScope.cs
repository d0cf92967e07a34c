// Sets the global transposed-convolution policy for a test and restores the previous one.
namespace MLNet.Gan.Torch.Tests;

internal sealed class ConvTransposePolicyScope : IDisposable
{
    private readonly ConvTranspose2dPolicy _previous = Torch.ConvTranspose2dPolicy;

    public ConvTransposePolicyScope(ConvTranspose2dPolicy policy) => Torch.ConvTranspose2dPolicy = policy;

    public void Dispose() => Torch.ConvTranspose2dPolicy = _previous;
}
