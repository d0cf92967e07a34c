// The colorizer's options: columns, networks, pix2pix losses, optimisation, budget, device, checkpoints, progress.
using MLNet.Gan.Training;

namespace MLNet.Gan.Colorization;

public sealed partial class ColorizerTrainer
{
    /// <summary>Everything a colorizer run can be told; the defaults are pix2pix's, sized for a CPU.</summary>
    public sealed class Options
    {
        /// <summary>The gray image column the fitted transformer colorizes (an image column of any size).</summary>
        public string InputColumnName { get; set; } = "Image";

        /// <summary>The color image column the fitted transformer appends.</summary>
        public string OutputColumnName { get; set; } = "Colorized";

        /// <summary>
        /// The color images to learn from; null: <see cref="InputColumnName"/> (then that column must hold color images
        /// while fitting). Training pairs are made here: each image is composited on white and converted to gray.
        /// </summary>
        public string? TrainingColumnName { get; set; }

        /// <summary>Side of the square images the networks see; larger training images are resized down to it, smaller ones are an error.</summary>
        public int ImageSize { get; set; } = 64;

        /// <summary>Down-sampling levels of the U-Net (ImageSize must be a multiple of 2^UNetDepth).</summary>
        public int UNetDepth { get; set; } = 5;

        /// <summary>Channels of the U-Net's first level (doubling per level, up to 8x).</summary>
        public int Width { get; set; } = 32;

        /// <summary>Stride-2 layers of the PatchGAN (1, 2, 3, 4: receptive fields of 16, 34, 70, 142 px).</summary>
        public int PatchLayers { get; set; } = 2;

        /// <summary>Channels of the PatchGAN's first layer.</summary>
        public int DiscriminatorWidth { get; set; } = 32;

        /// <summary>Weight of the L1 loss between predicted and true chroma (pix2pix uses 100).</summary>
        public double L1Weight { get; set; } = 100;

        /// <summary>The adversarial loss (pix2pix: the non-saturating sigmoid loss).</summary>
        public GanLoss Loss { get; set; } = GanLoss.NonSaturating;

        /// <summary>Weight of the gradient penalty of <see cref="GanLoss.WassersteinGp"/>.</summary>
        public double GradientPenaltyWeight { get; set; } = 10;

        /// <summary>True: no discriminator, the U-Net learns from the L1 loss alone (the baseline the GAN is compared with).</summary>
        public bool L1Only { get; set; }

        /// <summary>Adam learning rate of the U-Net.</summary>
        public double GeneratorLearningRate { get; set; } = 2e-4;

        /// <summary>Adam learning rate of the PatchGAN.</summary>
        public double DiscriminatorLearningRate { get; set; } = 2e-4;

        /// <summary>Adam's beta1 (pix2pix: 0.5); beta2 is 0.999.</summary>
        public double Beta1 { get; set; } = 0.5;

        /// <summary>Images per step.</summary>
        public int BatchSize { get; set; } = 16;

        /// <summary>Passes over the data; null: one, unless <see cref="MaxSteps"/> or <see cref="TimeBudget"/> is set.</summary>
        public int? Epochs { get; set; }

        /// <summary>Most training steps.</summary>
        public long? MaxSteps { get; set; }

        /// <summary>Wall-clock budget; training stops at whichever limit comes first.</summary>
        public TimeSpan? TimeBudget { get; set; }

        /// <summary>Seed of the weights and batch order; null: from the MLContext.</summary>
        public int? Seed { get; set; }

        /// <summary>cpu, cuda, cuda:N or auto.</summary>
        public string Device { get; set; } = "auto";

        /// <summary>
        /// Arithmetic precision of the U-Net's and the PatchGAN's convolutions, as <see cref="GanTrainer.Options.Precision"/>:
        /// Float32 (the default), BFloat16 (mixed precision: float32 weights and losses, bfloat16 convolutions) or Auto (bfloat16
        /// on CPUs that compute it natively). The fitted transformer colorizes in float32 either way.
        /// </summary>
        public GanPrecision Precision { get; set; } = GanPrecision.Float32;

        /// <summary>Folder for checkpoint.zip (the U-Net so far, a model file that <see cref="ColorizerTransformer.Load"/> opens); null: none.</summary>
        public string? CheckpointDirectory { get; set; }

        /// <summary>Steps between checkpoints (one is also written at the end).</summary>
        public int CheckpointInterval { get; set; } = 500;

        /// <summary>
        /// Progress reports: step, epoch, fraction, ETA, images/s; DiscriminatorLoss is the PatchGAN's loss (0 with
        /// <see cref="L1Only"/>), GeneratorLoss the adversarial loss plus L1Weight x L1, MeanDReal / MeanDFake the mean
        /// patch outputs on true and predicted colors.
        /// </summary>
        public IProgress<GanProgress>? Progress { get; set; }

        /// <summary>Stops training after the current step; the colorizer trained so far is returned.</summary>
        public CancellationToken CancellationToken { get; set; }

        /// <summary>The epoch limit in force: <see cref="Epochs"/>, or one when no limit is set at all.</summary>
        internal int? EpochLimit => Epochs ?? (MaxSteps is null && TimeBudget is null ? 1 : null);

        internal string TrainingColumn => TrainingColumnName ?? InputColumnName;
    }

    private static void Validate(Options o)
    {
        ArgumentException.ThrowIfNullOrEmpty(o.InputColumnName, nameof(o.InputColumnName));
        ArgumentException.ThrowIfNullOrEmpty(o.OutputColumnName, nameof(o.OutputColumnName));
        UNetGenerator.CheckLayout(o.ImageSize, o.UNetDepth);
        Check(o.Width > 0 && o.DiscriminatorWidth > 0, nameof(o.Width), o.Width, "and DiscriminatorWidth must be positive");
        Check(o.PatchLayers is >= 1 and <= 4, nameof(o.PatchLayers), o.PatchLayers, "must be 1 to 4");
        Check(o.L1Weight >= 0 && double.IsFinite(o.L1Weight), nameof(o.L1Weight), o.L1Weight, "must be a finite number of at least 0");
        Check(!o.L1Only || o.L1Weight > 0, nameof(o.L1Weight), o.L1Weight, "must be positive when L1Only is set");
        Check(o.GeneratorLearningRate > 0 && o.DiscriminatorLearningRate > 0, "LearningRate", o.GeneratorLearningRate, "must be positive");
        Check(o.Beta1 is >= 0 and < 1, nameof(o.Beta1), o.Beta1, "must be in [0, 1)");
        Check(o.BatchSize >= 2, nameof(o.BatchSize), o.BatchSize, "must be at least 2 (batch norm)");
        Check(o.Epochs is null or >= 1, nameof(o.Epochs), o.Epochs, "must be at least 1");
        Check(o.MaxSteps is null or > 0, nameof(o.MaxSteps), o.MaxSteps, "must be positive");
        Check(o.TimeBudget is null || o.TimeBudget > TimeSpan.Zero, nameof(o.TimeBudget), o.TimeBudget, "must be positive");
        Check(o.CheckpointInterval > 0, nameof(o.CheckpointInterval), o.CheckpointInterval, "must be positive");
        Devices.CheckSyntax(o.Device);
    }

    private static void Check(bool ok, string name, object? value, string rule) => GanTrainer.Check(ok, name, value, rule);
}
