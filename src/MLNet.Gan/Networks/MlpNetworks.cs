// Fully connected generator and discriminator, as in the original GAN paper, optionally conditional.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.Gan.Networks;

/// <summary>MLP generator: z (+ label embedding) -> 2 hidden layers -> tanh image of any shape.</summary>
public sealed class MlpGenerator : nn.Module<Tensor, Tensor>, IConditionalModule
{
    private readonly Embedding? embedding;
    private readonly Sequential body;

    /// <summary>Builds the generator for images of <paramref name="shape"/>.</summary>
    /// <param name="shape">Output image shape.</param>
    /// <param name="latentSize">Size of z.</param>
    /// <param name="numClasses">Classes to condition on; 0 for an unconditional generator.</param>
    /// <param name="width">Hidden units / 8.</param>
    public MlpGenerator(ImageShape shape, int latentSize, int numClasses = 0, int width = 32)
        : base(nameof(MlpGenerator))
    {
        Shape = shape;
        var embedDim = numClasses > 0 ? Layers.EmbeddingSize(latentSize) : 0;
        if (numClasses > 0)
        {
            embedding = nn.Embedding(numClasses, embedDim);
        }

        long hidden = width * 8L;
        body = nn.Sequential(
            new MixedLinear(latentSize + embedDim, hidden),
            nn.LeakyReLU(0.2),
            new MixedLinear(hidden, hidden * 2),
            nn.BatchNorm1d(hidden * 2),
            nn.LeakyReLU(0.2),
            new MixedLinear(hidden * 2, shape.Size),
            nn.Tanh(),
            nn.Unflatten(1, new long[] { shape.Channels, shape.Height, shape.Width }));
        RegisterComponents();
    }

    /// <summary>The image shape it generates.</summary>
    public ImageShape Shape { get; }

    /// <summary>Generates images from z (B, latent).</summary>
    public override Tensor forward(Tensor input) => forward(input, null);

    /// <summary>Generates images from z (B, latent) for class indices (B).</summary>
    public Tensor forward(Tensor input, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        return body.call(Layers.ConcatLabels(input, embedding, labels)).MoveToOuterDisposeScope(); // (B, C, H, W)
    }

    Tensor IConditionalModule.forward(Tensor input, Tensor labels) => forward(input, labels);
}

/// <summary>MLP discriminator: flattened image (+ label embedding) -> 2 hidden LeakyReLU layers -> logit.</summary>
public sealed class MlpDiscriminator : nn.Module<Tensor, Tensor>, IConditionalModule
{
    private readonly Embedding? embedding;
    private readonly Sequential body;

    /// <summary>Builds the discriminator for images of <paramref name="shape"/>.</summary>
    /// <param name="shape">Input image shape.</param>
    /// <param name="numClasses">Classes to condition on; 0 for an unconditional discriminator.</param>
    /// <param name="width">Hidden units / 16.</param>
    /// <param name="spectralNorm">Spectral normalisation on every weight layer.</param>
    public MlpDiscriminator(ImageShape shape, int numClasses = 0, int width = 32, bool spectralNorm = false)
        : base(nameof(MlpDiscriminator))
    {
        var embedDim = numClasses > 0 ? Layers.EmbeddingSize(shape.Size / 8) : 0;
        if (numClasses > 0)
        {
            embedding = nn.Embedding(numClasses, embedDim);
        }

        long hidden = width * 16L;
        body = nn.Sequential(
            Layers.Linear(shape.Size + embedDim, hidden, spectralNorm),
            nn.LeakyReLU(0.2),
            Layers.Linear(hidden, hidden / 2, spectralNorm),
            nn.LeakyReLU(0.2),
            Layers.Linear(hidden / 2, 1, spectralNorm));
        RegisterComponents();
    }

    /// <summary>Scores images (B, C, H, W) -> logits (B).</summary>
    public override Tensor forward(Tensor input) => forward(input, null);

    /// <summary>Scores images for class indices -> logits (B).</summary>
    public Tensor forward(Tensor input, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var flat = Layers.ConcatLabels(input.flatten(1), embedding, labels); // (B, C*H*W + E)
        return body.call(flat).squeeze(1).MoveToOuterDisposeScope();
    }

    Tensor IConditionalModule.forward(Tensor input, Tensor labels) => forward(input, labels);
}
