// Options of the tabular GAN: public fields with their defaults, CTGAN's (Xu et al. 2019) unless said otherwise.
using System.Text.Json.Serialization;
using MLNet.Gan.Training;

namespace MLNet.Gan.Tabular;

public sealed partial class TabularGanTrainer
{
    /// <summary>Options of <see cref="TabularGanTrainer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The columns to learn. Default null: every visible column (each must be a scalar number, text, key or Boolean).</summary>
        public string[]? ColumnNames;

        /// <summary>A categorical column that is the label of the app's own model; recorded for evaluation and the command line. Default null.</summary>
        public string? LabelColumnName;

        /// <summary>
        /// Passes over the data (a pass is rows / BatchSize generator steps). Default null: 300 (CTGAN's) when neither
        /// <see cref="MaxSteps"/> nor <see cref="TimeBudget"/> is set, otherwise no epoch limit. Training stops at the first limit reached.
        /// </summary>
        public int? Epochs;

        /// <summary>The epoch limit that applies: <see cref="Epochs"/>, else 300 when no other limit is set, else none.</summary>
        internal int? EpochLimit => Epochs ?? (MaxSteps is null && TimeBudget is null ? 300 : null);

        /// <summary>Generator steps at most. Default null (no step limit).</summary>
        public long? MaxSteps;

        /// <summary>Wall-clock budget for training. Default null (no time limit).</summary>
        public TimeSpan? TimeBudget;

        /// <summary>Rows per batch; a multiple of <see cref="Pac"/>. Default 500.</summary>
        public int BatchSize = 500;

        /// <summary>Rows the discriminator judges together (PacGAN), against mode collapse. Default 10.</summary>
        public int Pac = 10;

        /// <summary>Size of the noise vector z. Default 128.</summary>
        public int LatentSize = 128;

        /// <summary>Widths of the generator's residual layers. Default { 256, 256 }.</summary>
        public int[] GeneratorLayers = { 256, 256 };

        /// <summary>Widths of the discriminator's hidden layers (each with leaky ReLU and dropout 0.5). Default { 256, 256 }.</summary>
        public int[] DiscriminatorLayers = { 256, 256 };

        /// <summary>Adam learning rate of both networks. Default 2e-4.</summary>
        public double LearningRate = 2e-4;

        /// <summary>Adam beta1. Default 0.5.</summary>
        public double Beta1 = 0.5;

        /// <summary>Adam beta2. Default 0.9.</summary>
        public double Beta2 = 0.9;

        /// <summary>Adam weight decay of both networks. Default 1e-6.</summary>
        public double WeightDecay = 1e-6;

        /// <summary>Discriminator steps per generator step. Default 1.</summary>
        public int DiscriminatorSteps = 1;

        /// <summary>Weight of the WGAN-GP gradient penalty (computed per pack). Default 10.</summary>
        public double GradientPenaltyWeight = 10;

        /// <summary>Temperature of the Gumbel softmax on categorical outputs and modes in training. Default 0.2.</summary>
        public double GumbelTemperature = 0.2;

        /// <summary>Most modes of a numeric column's Gaussian mixture. Default 10.</summary>
        public int MaxModes = 10;

        /// <summary>Modes whose weight is below this are pruned after fitting. Default 0.005.</summary>
        public double MinModeWeight = 0.005;

        /// <summary>Most categories a categorical column may have (text columns with one value per row are refused as identifiers). Default 1000.</summary>
        public int MaxCategories = 1000;

        /// <summary>Synthetic rows the fitted transformer's <c>Transform</c> appends. Default 0: it passes the data through unchanged.</summary>
        public int RowsToAppend;

        /// <summary>Random seed of the mixtures, weights, batches and noise; null draws one from the MLContext's seed. Default null.</summary>
        public int? Seed;

        /// <summary>"cpu", "cuda", "cuda:N" or "auto" (as for the image trainers). Default "auto".</summary>
        public string Device = "auto";

        /// <summary>Folder for checkpoints (checkpoint.zip, replaced atomically). Default null (none).</summary>
        public string? CheckpointDirectory;

        /// <summary>Generator steps between checkpoints. Default 500.</summary>
        public int CheckpointInterval = 500;

        /// <summary>A checkpoint to continue from exactly (weights, optimizer state, RNG, step counter); the data and options must be the same. Default null.</summary>
        public string? ResumeFrom;

        /// <summary>Receives progress reports (step, epoch, critic and generator losses, rows/s in <see cref="GanProgress.ImagesPerSecond"/>, ETA).</summary>
        [JsonIgnore]
        public IProgress<GanProgress>? Progress;

        /// <summary>Stops training early; the model trained so far is returned and stays usable.</summary>
        [JsonIgnore]
        public CancellationToken CancellationToken;
    }
}
