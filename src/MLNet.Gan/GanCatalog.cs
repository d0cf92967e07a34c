// The way in from ML.NET: mlContext.Gan().Trainers.Gan(...) / .ConditionalGan(...), shaped like ML.NET's trainer catalogs,
// mlContext.Gan().Colorizers for pix2pix colorizers, and mlContext.Gan().Evaluate(...) for sample-quality metrics.
using Microsoft.ML;
using MLNet.Gan.Colorization;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Tabular;
using MLNet.Gan.Training;

namespace MLNet.Gan;

/// <summary>The GAN components of an <see cref="MLContext"/>: <c>mlContext.Gan().Trainers</c>.</summary>
public sealed class GanCatalog
{
    internal GanCatalog(MLContext context)
    {
        Context = context;
        Trainers = new GanTrainers(context);
        Colorizers = new ColorizerCatalog(context);
    }

    /// <summary>The context.</summary>
    public MLContext Context { get; }

    /// <summary>The GAN trainers.</summary>
    public GanTrainers Trainers { get; }

    /// <summary>Grayscale-to-color estimators (pix2pix colorizers).</summary>
    public ColorizerCatalog Colorizers { get; }

    /// <summary>
    /// Scores <paramref name="model"/> against <paramref name="realData"/> (the model's image column, and its label column when
    /// conditional) in the feature space of <paramref name="featureExtractor"/>: FD, KID, precision, recall, density, coverage,
    /// accuracy for the requested class, per-class FD and the histograms of predicted classes, each over n images a side.
    /// </summary>
    /// <param name="model">A trained generator.</param>
    /// <param name="realData">Real images, in the columns and form the model was trained on.</param>
    /// <param name="featureExtractor">
    /// A classifier of this data: <see cref="FashionMnistClassifier.LoadOrTrain"/>, <see cref="ImageClassifier.Train"/> or
    /// <see cref="ImageClassifier.FromSafetensors"/>.
    /// </param>
    /// <param name="options">Sample count, seed, k, KID subsets, progress and cancellation.</param>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, or shapes and class counts disagree.</exception>
    public SampleQualityMetrics Evaluate(GanTransformer model, IDataView realData, ImageClassifier featureExtractor, SampleQualityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(realData);
        var info = model.Info;
        var read = new GanTrainer.Options
        {
            ImageColumnName = info.ImageColumnName,
            LabelColumnName = model.IsConditional ? info.LabelColumnName : null,
            VectorImageShape = info.ValueKind == GeneratedValueKind.Vector ? info.Shape : null,
        };
        using var real = TrainingDataReader.Read(realData, read, new GanModelInfo());
        if (real.Shape != model.ImageShape)
        {
            throw new ArgumentException($"column '{info.ImageColumnName}' holds {real.Shape} images but the model generates {model.ImageShape}", nameof(realData));
        }

        if (model.IsConditional && real.ClassNames.Count != model.ClassNames.Count)
        {
            throw new ArgumentException(
                $"label column '{info.LabelColumnName}' has {real.ClassNames.Count} classes but the model has {model.ClassNames.Count}", nameof(realData));
        }

        return SampleQuality.Evaluate(model, real.Images, real.Labels, featureExtractor, options);
    }

    /// <summary>
    /// Scores a tabular GAN: machine-learning efficacy (LightGbm, FastTree and SDCA trained on synthetic rows against the
    /// same trained on <paramref name="training"/>, both scored on <paramref name="heldOut"/>), per-column similarity,
    /// pairwise associations and distances to the closest training row; see <see cref="TabularEvaluation"/>.
    /// </summary>
    public TabularEvaluation EvaluateTabular(TabularGanTransformer model, IDataView training, IDataView heldOut, TabularEvaluationOptions? options = null) =>
        TabularEvaluation.Evaluate(Context, model, training, heldOut, options);
}

/// <summary>Trainers of the GAN catalog: a plain-arguments overload and an <see cref="GanTrainer.Options"/> overload each.</summary>
public sealed class GanTrainers
{
    private readonly MLContext _context;

    internal GanTrainers(MLContext context) => _context = context;

    /// <summary>An unconditional GAN on <paramref name="imageColumnName"/>.</summary>
    /// <param name="imageColumnName">Training images: an image column or a known-size Single vector.</param>
    /// <param name="outputColumnName">The generated column the fitted transformer appends.</param>
    /// <param name="timeBudget">Wall-clock training budget (null: see <see cref="GanTrainer.Options.Epochs"/>).</param>
    /// <param name="epochs">Passes over the data (null: one, unless a time budget is set).</param>
    /// <param name="loss">The adversarial loss.</param>
    public GanTrainer Gan(string imageColumnName = "Image", string outputColumnName = "GeneratedImage", TimeSpan? timeBudget = null,
        int? epochs = null, GanLoss loss = GanLoss.NonSaturating) =>
        Gan(new GanTrainer.Options
        {
            ImageColumnName = imageColumnName, OutputColumnName = outputColumnName, TimeBudget = timeBudget, Epochs = epochs, Loss = loss,
        });

    /// <summary>An unconditional GAN with full <paramref name="options"/> (its label column is ignored).</summary>
    public GanTrainer Gan(GanTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LabelColumnName = null;
        return new GanTrainer(_context, options);
    }

    /// <summary>A conditional GAN: the key-typed <paramref name="labelColumnName"/> goes to both networks.</summary>
    /// <param name="labelColumnName">Class labels (key type, e.g. from MapValueToKey).</param>
    /// <param name="imageColumnName">Training images: an image column or a known-size Single vector.</param>
    /// <param name="outputColumnName">The generated column the fitted transformer appends.</param>
    /// <param name="timeBudget">Wall-clock training budget (null: see <see cref="GanTrainer.Options.Epochs"/>).</param>
    /// <param name="epochs">Passes over the data (null: one, unless a time budget is set).</param>
    /// <param name="loss">The adversarial loss.</param>
    public GanTrainer ConditionalGan(string labelColumnName = "Label", string imageColumnName = "Image",
        string outputColumnName = "GeneratedImage", TimeSpan? timeBudget = null, int? epochs = null, GanLoss loss = GanLoss.NonSaturating) =>
        ConditionalGan(new GanTrainer.Options
        {
            LabelColumnName = labelColumnName,
            ImageColumnName = imageColumnName,
            OutputColumnName = outputColumnName,
            TimeBudget = timeBudget,
            Epochs = epochs,
            Loss = loss,
        });

    /// <summary>A conditional GAN with full <paramref name="options"/>; LabelColumnName defaults to "Label".</summary>
    public GanTrainer ConditionalGan(GanTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LabelColumnName ??= "Label";
        return new GanTrainer(_context, options);
    }

    /// <summary>A CTGAN-style tabular GAN on numeric and categorical columns (see <see cref="TabularGanTrainer"/>).</summary>
    /// <param name="columnNames">The columns to learn (null: every visible column).</param>
    /// <param name="labelColumnName">The app's label column, a categorical one, recorded for evaluation (null: none).</param>
    /// <param name="timeBudget">Wall-clock training budget (null: see <paramref name="epochs"/>).</param>
    /// <param name="epochs">Passes over the data (null: 300, unless a time budget is set).</param>
    /// <param name="seed">Random seed (null: from the MLContext).</param>
    public TabularGanTrainer TabularGan(string[]? columnNames = null, string? labelColumnName = null, TimeSpan? timeBudget = null, int? epochs = null,
        int? seed = null) =>
        TabularGan(new TabularGanTrainer.Options
        {
            ColumnNames = columnNames, LabelColumnName = labelColumnName, TimeBudget = timeBudget, Epochs = epochs, Seed = seed,
        });

    /// <summary>A CTGAN-style tabular GAN with full <paramref name="options"/>.</summary>
    public TabularGanTrainer TabularGan(TabularGanTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TabularGanTrainer(_context, options);
    }
}

/// <summary>Hangs <see cref="GanCatalog"/> off <see cref="MLContext"/>.</summary>
public static class MLContextGanExtensions
{
    /// <summary>The GAN trainers and helpers: <c>mlContext.Gan().Trainers.ConditionalGan(...)</c>.</summary>
    public static GanCatalog Gan(this MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new GanCatalog(context);
    }
}
