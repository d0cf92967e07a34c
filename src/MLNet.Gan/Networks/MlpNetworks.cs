// Fully connected generator and discriminator, as in the original GAN paper, optionally conditional.
using MLNet.Gan.Torch;
using MLNet.Gan.Torch.NN;

namespace MLNet.Gan.Networks;

using Torch = MLNet.Gan.Torch.Torch;

/// <summary>MLP generator: z (and a label embedding) -> two hidden layers -> tanh image of any size.</summary>
public sealed class MlpGenerator : Module, IConditionalModule
{
    private readonly Embedding? _embedding;
    private readonly Sequential _body;

    /// <summary>Builds the generator.</summary>
    /// <param name="shape">Output image shape (any size).</param>
    /// <param name="latentSize">Size of z.</param>
    /// <param name="numClasses">Classes to condition on; 0 for unconditional.</param>
    /// <param name="width">Width multiplier: hidden layers have 8x and 16x this many units.</param>
    public MlpGenerator(ImageShape shape, int latentSize, int numClasses = 0, int width = 32)
    {
        Shape = shape;
        var embedDim = numClasses > 0 ? DcganLayout.EmbeddingSize(latentSize) : 0;
        if (numClasses > 0)
        {
            _embedding = RegisterModule("embedding", new Embedding(numClasses, embedDim));
        }

        long hidden = width * 8L;
        _body = RegisterModule("body", new Sequential(
            new Linear(latentSize + embedDim, hidden),
            new LeakyReLU(0.2),
            new Linear(hidden, hidden * 2),
            new BatchNorm1d(hidden * 2),
            new LeakyReLU(0.2),
            new Linear(hidden * 2, shape.Size),
            new Tanh(),
            new Unflatten(1, new long[] { shape.Channels, shape.Height, shape.Width })));
    }

    /// <summary>The image shape it generates.</summary>
    public ImageShape Shape { get; }

    /// <summary>Generates images from z (B, latent).</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <summary>Generates images (B, C, H, W) from z (B, latent) and optional class indices (B).</summary>
    public Tensor Forward(Tensor input, Tensor? labels)
    {
        using var scope = Torch.NewScope();
        return _body.Forward(Layers.ConcatLabels(input, _embedding, labels)).MoveToOuterScope();
    }

    Tensor IConditionalModule.Forward(Tensor input, Tensor labels) => Forward(input, labels);
}

/// <summary>MLP discriminator: flattened image (and a label embedding) -> two hidden layers -> logit.</summary>
public sealed class MlpDiscriminator : Module, IConditionalModule
{
    private readonly Embedding? _embedding;
    private readonly Sequential _body;

    /// <summary>Builds the discriminator.</summary>
    /// <param name="shape">Input image shape.</param>
    /// <param name="numClasses">Classes to condition on; 0 for unconditional.</param>
    /// <param name="width">Width multiplier: hidden layers have 16x and 8x this many units.</param>
    /// <param name="spectralNorm">Spectral normalisation on every linear layer.</param>
    public MlpDiscriminator(ImageShape shape, int numClasses = 0, int width = 32, bool spectralNorm = false)
    {
        var embedDim = numClasses > 0 ? DcganLayout.EmbeddingSize(shape.Size / 8) : 0;
        if (numClasses > 0)
        {
            _embedding = RegisterModule("embedding", new Embedding(numClasses, embedDim));
        }

        long hidden = width * 16L;
        _body = RegisterModule("body", new Sequential(
            Layers.MaybeSpectral(new Linear(shape.Size + embedDim, hidden), spectralNorm),
            new LeakyReLU(0.2),
            Layers.MaybeSpectral(new Linear(hidden, hidden / 2), spectralNorm),
            new LeakyReLU(0.2),
            Layers.MaybeSpectral(new Linear(hidden / 2, 1), spectralNorm)));
    }

    /// <summary>Scores images (B, C, H, W) -> logits (B).</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <summary>Scores images for class indices -> logits (B).</summary>
    public Tensor Forward(Tensor input, Tensor? labels)
    {
        using var scope = Torch.NewScope();
        var flat = Layers.ConcatLabels(input.Flatten(1), _embedding, labels); // (B, C*H*W + E)
        return _body.Forward(flat).Squeeze(1).MoveToOuterScope();
    }

    Tensor IConditionalModule.Forward(Tensor input, Tensor labels) => Forward(input, labels);
}
