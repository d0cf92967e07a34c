// DCGAN generator and discriminator for square 28, 32 and 64 px images, optionally conditional.
using MLNet.Gan.Torch;
using MLNet.Gan.Torch.NN;

namespace MLNet.Gan.Networks;

using Torch = MLNet.Gan.Torch.Torch;

/// <summary>
/// DCGAN generator: z (and a label embedding) -> linear projection to a small feature map ->
/// stride-2 transposed convolutions with batch norm and ReLU -> tanh image in [-1, 1].
/// </summary>
public sealed class DcganGenerator : Module, IConditionalModule
{
    private readonly Embedding? _embedding;
    private readonly Sequential _project;
    private readonly Sequential _body;

    /// <summary>Builds the generator for <paramref name="shape"/> (28, 32 or 64 px square).</summary>
    /// <param name="shape">Output image shape.</param>
    /// <param name="latentSize">Size of the noise vector z.</param>
    /// <param name="numClasses">Classes to condition on; 0 for an unconditional generator.</param>
    /// <param name="width">Channels of the last hidden layer; earlier layers double it.</param>
    public DcganGenerator(ImageShape shape, int latentSize, int numClasses = 0, int width = 32)
    {
        var ups = DcganLayout.Steps(shape);
        var baseSize = shape.Height >> ups;
        long channels = (long)width << (ups - 1);
        Shape = shape;
        LatentSize = latentSize;
        NumClasses = numClasses;
        var embedDim = numClasses > 0 ? DcganLayout.EmbeddingSize(latentSize) : 0;
        if (numClasses > 0)
        {
            _embedding = RegisterModule("embedding", new Embedding(numClasses, embedDim));
        }

        var projected = channels * baseSize * baseSize;
        _project = RegisterModule("project", new Sequential(
            new Linear(latentSize + embedDim, projected, bias: false),
            new BatchNorm1d(projected),
            new ReLU(),
            new Unflatten(1, new[] { channels, baseSize, (long)baseSize })));

        var body = new List<Module>();
        for (var i = 0; i < ups - 1; i++)
        {
            // (B, ch, s, s) -> (B, ch/2, 2s, 2s)
            body.Add(new ConvTranspose2d(channels, channels / 2, 4, stride: 2, padding: 1, bias: false));
            body.Add(new BatchNorm2d(channels / 2));
            body.Add(new ReLU());
            channels /= 2;
        }

        // (B, width, H/2, W/2) -> (B, C, H, W)
        body.Add(new ConvTranspose2d(channels, shape.Channels, 4, stride: 2, padding: 1));
        body.Add(new Tanh());
        _body = RegisterModule("body", new Sequential(body.ToArray()));
        Init.Dcgan(this);
    }

    /// <summary>The image shape it generates.</summary>
    public ImageShape Shape { get; }

    /// <summary>Size of z.</summary>
    public int LatentSize { get; }

    /// <summary>Number of classes it is conditioned on (0: unconditional).</summary>
    public int NumClasses { get; }

    /// <summary>Generates images from z (B, latent) without labels.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <summary>Generates images from z (B, latent) for class indices (B).</summary>
    public Tensor Forward(Tensor input, Tensor? labels)
    {
        using var scope = Torch.NewScope();
        var h = Layers.ConcatLabels(input, _embedding, labels); // (B, latent + embed)
        return _body.Forward(_project.Forward(h)).MoveToOuterScope(); // (B, C, H, W)
    }

    Tensor IConditionalModule.Forward(Tensor input, Tensor labels) => Forward(input, labels);
}

/// <summary>
/// DCGAN discriminator: stride-2 convolutions with LeakyReLU (batch norm or spectral norm) down to
/// a small feature map, then a linear score; conditional through a projection term
/// &lt;embed(y), features&gt; added to the score.
/// </summary>
public sealed class DcganDiscriminator : Module, IConditionalModule
{
    private readonly Sequential _body;
    private readonly Module _head;
    private readonly Embedding? _projection;

    /// <summary>Builds the discriminator for <paramref name="shape"/> (28, 32 or 64 px square).</summary>
    /// <param name="shape">Input image shape.</param>
    /// <param name="numClasses">Classes to condition on; 0 for an unconditional discriminator.</param>
    /// <param name="width">Channels of the first layer; later layers double it.</param>
    /// <param name="batchNorm">Batch norm after every conv but the first (off for WGAN-GP).</param>
    /// <param name="spectralNorm">Spectral normalisation on every weight layer.</param>
    public DcganDiscriminator(ImageShape shape, int numClasses = 0, int width = 32, bool batchNorm = true, bool spectralNorm = false)
    {
        var downs = DcganLayout.Steps(shape);
        var layers = new List<Module>();
        long channels = width;
        // (B, C, H, W) -> (B, width, H/2, W/2)
        layers.Add(Layers.MaybeSpectral(new Conv2d(shape.Channels, channels, 4, stride: 2, padding: 1), spectralNorm));
        layers.Add(new LeakyReLU(0.2));
        for (var i = 1; i < downs; i++)
        {
            // (B, ch, s, s) -> (B, 2ch, s/2, s/2)
            layers.Add(Layers.MaybeSpectral(new Conv2d(channels, channels * 2, 4, stride: 2, padding: 1, bias: !batchNorm), spectralNorm));
            if (batchNorm)
            {
                layers.Add(new BatchNorm2d(channels * 2));
            }

            layers.Add(new LeakyReLU(0.2));
            channels *= 2;
        }

        layers.Add(new Flatten());
        _body = RegisterModule("body", new Sequential(layers.ToArray()));
        var size = shape.Height >> downs;
        var features = channels * size * size;
        _head = RegisterModule("head", Layers.MaybeSpectral(new Linear(features, 1), spectralNorm));
        if (numClasses > 0)
        {
            _projection = RegisterModule("projection", new Embedding(numClasses, features));
        }

        Init.Dcgan(this);
        if (_projection is not null)
        {
            Init.Normal(_projection.Weight, 0, 0.02);
        }
    }

    /// <summary>Scores images (B, C, H, W) -> logits (B).</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <summary>Scores images for class indices: (B, C, H, W), (B) -> logits (B).</summary>
    public Tensor Forward(Tensor input, Tensor? labels)
    {
        using var scope = Torch.NewScope();
        var h = _body.Forward(input); // (B, F)
        var score = _head.Forward(h).Squeeze(1); // (B)
        if (_projection is not null && labels is not null)
        {
            score = score + (_projection.Forward(labels) * h).Sum(new[] { 1L }); // (B)
        }

        return score.MoveToOuterScope();
    }

    Tensor IConditionalModule.Forward(Tensor input, Tensor labels) => Forward(input, labels);
}

/// <summary>How many stride-2 steps the DCGAN nets take for a given image size.</summary>
internal static class DcganLayout
{
    public static readonly int[] SupportedSizes = { 28, 32, 64 };

    public static int Steps(ImageShape shape)
    {
        if (shape.Height != shape.Width || Array.IndexOf(SupportedSizes, shape.Height) < 0)
        {
            throw new ArgumentException(
                $"the DCGAN architecture supports square 28, 32 or 64 px images, found {shape.Width}x{shape.Height}: " +
                "resize the images first (ResizeImages) or use the MLP architecture");
        }

        if (shape.Channels is not (1 or 3))
        {
            throw new ArgumentException($"the DCGAN architecture supports 1 or 3 channels, found {shape.Channels}");
        }

        return shape.Height switch { 28 => 2, 32 => 3, _ => 4 };
    }

    public static int EmbeddingSize(int latentSize) => Math.Min(50, Math.Max(8, latentSize / 2));
}
