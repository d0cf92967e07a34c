// Options of the GAN and conditional GAN trainers: public fields with their defaults, as in ML.NET.
using System.Text.Json.Serialization;
using MLNet.Gan.Imaging;
using MLNet.Gan.Networks;
using TorchSharp;
using static TorchSharp.torch;
using MLNet.Gan.Training;

namespace MLNet.Gan;

/// <summary>Network families the trainers build.</summary>
public enum GanArchitecture
{
    /// <summary>DCGAN when the images are square 28, 32 or 64 px, otherwise MLP.</summary>
    Auto,

    /// <summary>Fully connected networks, as in the original GAN paper; any image size.</summary>
    Mlp,

    /// <summary>DCGAN convolutional networks for square 28, 32 or 64 px images.</summary>
    Dcgan,
}

/// <summary>What a custom network factory is told about the model it is building for.</summary>
/// <param name="Shape">Image shape (C, H, W).</param>
/// <param name="LatentSize">Size of the noise vector z.</param>
/// <param name="NumClasses">Number of classes for a conditional GAN, 0 otherwise.</param>
public sealed record NetworkContext(ImageShape Shape, int LatentSize, int NumClasses);

public sealed partial class GanTrainer
{
    /// <summary>Options of <see cref="GanTrainer"/>. The defaults train a useful model on 2 CPU cores in minutes.</summary>
    public sealed class Options
    {
        /// <summary>Column of training images: an image column of fixed size, or a Single vector of known size (C*H*W, values in [-1, 1], [0, 1] or [0, 255] as ML.NET's ExtractPixels gives by default; generated vectors come back in the same range). Default "Image".</summary>
        public string ImageColumnName = "Image";

        /// <summary>Key-typed label column; set it to train a conditional GAN (the label goes to both networks). Default null (unconditional).</summary>
        public string? LabelColumnName;

        /// <summary>Column the fitted transformer appends with a generated image per row. Default "GeneratedImage".</summary>
        public string OutputColumnName = "GeneratedImage";

        /// <summary>Optional int/long column of per-row seeds read by the transformer; rows with the same seed (and label) get the same image. Default null (seed from the row position).</summary>
        public string? SeedColumnName;

        /// <summary>Shape of a float-vector image column as (channels, height, width); not needed for image columns or vectors with 3 dimensions. Default null.</summary>
        public ImageShape? VectorImageShape;

        /// <summary>
        /// The colour that pixels of an image column with alpha below 255 (transparent icons and sprites, the borders that
        /// ML.NET's ResizeImages leaves when padding) are composited onto before training. Default <see cref="ImageBackground.White"/>.
        /// </summary>
        [JsonIgnore]
        public ImageBackground Background = ImageBackground.White;

        /// <summary>Network family. Default <see cref="GanArchitecture.Auto"/>.</summary>
        public GanArchitecture Architecture = GanArchitecture.Auto;

        /// <summary>Width multiplier: channels of the outer conv layers (DCGAN) or hidden units / 8 (MLP). Default 32.</summary>
        public int Width = 32;

        /// <summary>Size of the noise vector z. Default 64.</summary>
        public int LatentSize = 64;

        /// <summary>The adversarial loss. Default <see cref="GanLoss.NonSaturating"/>.</summary>
        public GanLoss Loss = GanLoss.NonSaturating;

        /// <summary>Discriminator steps per generator step (k in the GAN paper), each on a fresh real batch. Default 1.</summary>
        public int DiscriminatorSteps = 1;

        /// <summary>Adam learning rate of the generator. Default 2e-4.</summary>
        public double GeneratorLearningRate = 2e-4;

        /// <summary>Adam learning rate of the discriminator. Default 2e-4.</summary>
        public double DiscriminatorLearningRate = 2e-4;

        /// <summary>Adam beta1 of the generator. Default 0.5 (DCGAN).</summary>
        public double GeneratorBeta1 = 0.5;

        /// <summary>Adam beta2 of the generator. Default 0.999.</summary>
        public double GeneratorBeta2 = 0.999;

        /// <summary>Adam beta1 of the discriminator. Default 0.5 (DCGAN).</summary>
        public double DiscriminatorBeta1 = 0.5;

        /// <summary>Adam beta2 of the discriminator. Default 0.999.</summary>
        public double DiscriminatorBeta2 = 0.999;

        /// <summary>Images per batch. Default 64.</summary>
        public int BatchSize = 64;

        /// <summary>
        /// Passes over the data. Default null: one pass when neither <see cref="MaxSteps"/> nor <see cref="TimeBudget"/> is set,
        /// otherwise no epoch limit, so a step or time budget given alone decides. Training stops at whichever of Epochs,
        /// MaxSteps and TimeBudget comes first.
        /// </summary>
        public int? Epochs;

        /// <summary>The epoch limit that applies: <see cref="Epochs"/>, else 1 when no other limit is set, else none.</summary>
        internal int? EpochLimit => Epochs ?? (MaxSteps is null && TimeBudget is null ? 1 : null);

        /// <summary>Generator steps at most. Default null (no step limit).</summary>
        public long? MaxSteps;

        /// <summary>Wall-clock budget for training. Default null (no time limit).</summary>
        public TimeSpan? TimeBudget;

        /// <summary>One-sided label smoothing: real targets become 1 - s for the BCE and least-squares losses. Default 0.</summary>
        public double LabelSmoothing;

        /// <summary>
        /// Std of Gaussian instance noise added to D's inputs, annealed linearly to 0 over the run's progress (the larger of
        /// steps done / step limit and elapsed time / <see cref="TimeBudget"/>). Default 0.
        /// </summary>
        public double InstanceNoise;

        /// <summary>Decay of the exponential moving average of generator weights used for generation; 0 turns it off. Default 0.999.</summary>
        public double EmaDecay = 0.999;

        /// <summary>Spectral normalisation of the discriminator's weight layers. Default false.</summary>
        public bool SpectralNorm;

        /// <summary>Weight of the gradient penalty for <see cref="GanLoss.WassersteinGp"/>. Default 10.</summary>
        public double GradientPenaltyWeight = 10;

        /// <summary>Random seed of weights, batches and noise; null draws one from the MLContext's seed. Default null.</summary>
        public int? Seed;

        /// <summary>"cpu", "cuda", "cuda:N" or "auto": CUDA device <see cref="Microsoft.ML.MLContext.GpuDeviceId"/> when the context sets one (falling back to the CPU only when <see cref="Microsoft.ML.MLContext.FallbackToCpu"/> is set), else CUDA when TorchSharp has it, else the CPU. Default "auto".</summary>
        public string Device = "auto";

        /// <summary>
        /// Arithmetic precision of the networks' convolutions and linear layers. Default <see cref="GanPrecision.Float32"/>;
        /// <see cref="GanPrecision.Auto"/> trains in bfloat16 mixed precision on CPUs that compute it natively (AVX-512 BF16,
        /// AMX) and in float32 elsewhere. Mixed precision applies to the built-in networks and to custom ones built from
        /// <see cref="IMixedPrecisionLayer"/> layers. Sample quality holds in bfloat16 (300 s of the default cGAN: 92.8 % class
        /// accuracy in 8,106 steps, against 92.4 % in 10,293 steps in float32), but the default cGAN's layers are too small to
        /// gain from it, so float32 stays the default; larger networks gain (the README's Speed section).
        /// </summary>
        public GanPrecision Precision = GanPrecision.Float32;

        /// <summary>Folder for checkpoints (checkpoint.zip, replaced atomically). Default null (none).</summary>
        public string? CheckpointDirectory;

        /// <summary>Generator steps between checkpoints. Default 500.</summary>
        public int CheckpointInterval = 500;

        /// <summary>A checkpoint to continue from exactly (weights, optimizer state, RNG, step counter). Default null.</summary>
        public string? ResumeFrom;

        /// <summary>Folder for a sample grid per epoch (one row per class) and a loss-curve PNG at the end. Default null (none).</summary>
        public string? SampleDirectory;

        /// <summary>Builds a custom generator instead of the built-in one; a conditional one must implement <see cref="IConditionalModule"/>. It must map z (B, LatentSize) to images (B, C, H, W) in [-1, 1].</summary>
        [JsonIgnore]
        public Func<NetworkContext, nn.Module<Tensor, Tensor>>? Generator;

        /// <summary>Builds a custom discriminator; it must map images (B, C, H, W) to logits (B) or (B, 1).</summary>
        [JsonIgnore]
        public Func<NetworkContext, nn.Module<Tensor, Tensor>>? Discriminator;

        /// <summary>
        /// Receives progress reports (step, losses, D(x), D(G(z)), images/s, ETA, warnings). A mode-collapse warning can
        /// come with any loss; a vanishing-gradient warning only with <see cref="GanLoss.Minimax"/> and
        /// <see cref="GanLoss.NonSaturating"/>, whose sigmoid saturates when D(G(z)) stays near 0 (the other losses keep a
        /// gradient for G when D wins).
        /// </summary>
        [JsonIgnore]
        public IProgress<GanProgress>? Progress;

        /// <summary>Stops training early; the model trained so far is returned and stays usable.</summary>
        [JsonIgnore]
        public CancellationToken CancellationToken;
    }
}
