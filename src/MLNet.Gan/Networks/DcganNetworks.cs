// DCGAN generator and discriminator for square 28, 32 and 64 px images, optionally conditional.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.Gan.Networks;

/// <summary>
/// DCGAN generator: z (and a label embedding) -> linear projection to a small feature map ->
/// stride-2 transposed convolutions with batch norm and ReLU -> tanh image in [-1, 1].
/// </summary>
public sealed class DcganGenerator : nn.Module<Tensor, Tensor>, IConditionalModule
{
    private readonly Embedding? embedding;
    private readonly Sequential project;
    private readonly Sequential body;

    /// <summary>Builds the generator for <paramref name="shape"/> (28, 32 or 64 px square).</summary>
    /// <param name="shape">Output image shape.</param>
    /// <param name="latentSize">Size of the noise vector z.</param>
    /// <param name="numClasses">Classes to condition on; 0 for an unconditional generator.</param>
    /// <param name="width">Channels of the last hidden layer; earlier layers double it.</param>
    public DcganGenerator(ImageShape shape, int latentSize, int numClasses = 0, int width = 32)
        : base(nameof(DcganGenerator))
    {
        var ups = DcganLayout.Steps(shape);
        var baseSize = shape.Height >> ups;
        long channels = (long)width << (ups - 1);
        Shape = shape;
        LatentSize = latentSize;
        NumClasses = numClasses;
        var embedDim = numClasses > 0 ? Layers.EmbeddingSize(latentSize) : 0;
        if (numClasses > 0)
        {
            embedding = nn.Embedding(numClasses, embedDim);
        }

        var projected = channels * baseSize * baseSize;
        project = nn.Sequential(
            new MixedLinear(latentSize + embedDim, projected, hasBias: false),
            nn.BatchNorm1d(projected),
            nn.ReLU(),
            nn.Unflatten(1, new[] { channels, baseSize, (long)baseSize }));

        var layers = new List<nn.Module<Tensor, Tensor>>();
        for (var i = 0; i < ups - 1; i++)
        {
            // (B, ch, s, s) -> (B, ch/2, 2s, 2s)
            layers.Add(new MixedConvTranspose2d(channels, channels / 2, 4, stride: 2, padding: 1, hasBias: false));
            layers.Add(nn.BatchNorm2d(channels / 2));
            layers.Add(nn.ReLU());
            channels /= 2;
        }

        // (B, width, H/2, W/2) -> (B, C, H, W)
        layers.Add(new MixedConvTranspose2d(channels, shape.Channels, 4, stride: 2, padding: 1));
        layers.Add(nn.Tanh());
        body = nn.Sequential(layers);
        RegisterComponents();
        Layers.DcganInit(this);
    }

    /// <summary>The image shape it generates.</summary>
    public ImageShape Shape { get; }

    /// <summary>Size of z.</summary>
    public int LatentSize { get; }

    /// <summary>Number of classes it is conditioned on (0: unconditional).</summary>
    public int NumClasses { get; }

    /// <summary>Generates images from z (B, latent) without labels.</summary>
    public override Tensor forward(Tensor input) => forward(input, null);

    /// <summary>Generates images from z (B, latent) for class indices (B).</summary>
    public Tensor forward(Tensor input, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var h = Layers.ConcatLabels(input, embedding, labels); // (B, latent + embed)
        return body.call(project.call(h)).MoveToOuterDisposeScope(); // (B, C, H, W)
    }

    Tensor IConditionalModule.forward(Tensor input, Tensor labels) => forward(input, labels);
}

/// <summary>
/// DCGAN discriminator: stride-2 convolutions with LeakyReLU (batch norm or spectral norm) down to
/// a small feature map, then a linear score; conditional through a projection term
/// &lt;embed(y), features&gt; added to the score.
/// </summary>
public sealed class DcganDiscriminator : nn.Module<Tensor, Tensor>, IConditionalModule
{
    private readonly Sequential body;
    private readonly nn.Module<Tensor, Tensor> head;
    private readonly Embedding? projection;

    /// <summary>Builds the discriminator for <paramref name="shape"/> (28, 32 or 64 px square).</summary>
    /// <param name="shape">Input image shape.</param>
    /// <param name="numClasses">Classes to condition on; 0 for an unconditional discriminator.</param>
    /// <param name="width">Channels of the first layer; later layers double it.</param>
    /// <param name="batchNorm">Batch norm after every conv but the first (off for WGAN-GP).</param>
    /// <param name="spectralNorm">Spectral normalisation on every weight layer.</param>
    public DcganDiscriminator(ImageShape shape, int numClasses = 0, int width = 32, bool batchNorm = true, bool spectralNorm = false)
        : base(nameof(DcganDiscriminator))
    {
        var downs = DcganLayout.Steps(shape);
        long channels = width;
        // (B, C, H, W) -> (B, width, H/2, W/2)
        var layers = new List<nn.Module<Tensor, Tensor>> { Layers.Down(shape.Channels, channels, spectralNorm), nn.LeakyReLU(0.2) };
        for (var i = 1; i < downs; i++)
        {
            // (B, ch, s, s) -> (B, 2ch, s/2, s/2)
            layers.Add(Layers.Down(channels, channels * 2, spectralNorm, hasBias: !batchNorm));
            if (batchNorm)
            {
                layers.Add(nn.BatchNorm2d(channels * 2));
            }

            layers.Add(nn.LeakyReLU(0.2));
            channels *= 2;
        }

        layers.Add(nn.Flatten());
        body = nn.Sequential(layers);
        var size = shape.Height >> downs;
        var features = channels * size * size;
        head = Layers.Linear(features, 1, spectralNorm);
        if (numClasses > 0)
        {
            projection = nn.Embedding(numClasses, features);
        }

        RegisterComponents();
        Layers.DcganInit(this);
        if (projection is not null)
        {
            using var noGrad = no_grad();
            nn.init.normal_(projection.weight!, 0, 0.02);
        }
    }

    /// <summary>Scores images (B, C, H, W) -> logits (B).</summary>
    public override Tensor forward(Tensor input) => forward(input, null);

    /// <summary>Scores images for class indices: (B, C, H, W), (B) -> logits (B).</summary>
    public Tensor forward(Tensor input, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var h = body.call(input); // (B, F)
        var score = head.call(h).squeeze(1); // (B)
        if (projection is not null && labels is not null)
        {
            score = score + (projection.call(labels) * h).sum(1); // (B)
        }

        return score.MoveToOuterDisposeScope();
    }

    Tensor IConditionalModule.forward(Tensor input, Tensor labels) => forward(input, labels);
}

/// <summary>How many stride-2 steps the DCGAN nets take for a given image size.</summary>
internal static class DcganLayout
{
    public static readonly int[] SupportedSizes = { 28, 32, 64 };

    public static bool Supports(ImageShape shape) =>
        shape.Height == shape.Width && Array.IndexOf(SupportedSizes, shape.Height) >= 0 && shape.Channels is 1 or 3;

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
}
