// The way in from ML.NET: mlContext.Gan().Colorizers.Colorizer(...), with a plain-arguments and an Options overload.
using Microsoft.ML;
using MLNet.Gan.Training;

namespace MLNet.Gan.Colorization;

/// <summary>Grayscale-to-color estimators of the GAN catalog: <c>mlContext.Gan().Colorizers</c>.</summary>
public sealed class ColorizerCatalog
{
    private readonly MLContext _context;

    internal ColorizerCatalog(MLContext context) => _context = context;

    /// <summary>A pix2pix colorizer that learns from the color images of <paramref name="trainingColumnName"/>.</summary>
    /// <param name="outputColumnName">The color image column the fitted transformer appends.</param>
    /// <param name="inputColumnName">The gray image column it colorizes.</param>
    /// <param name="trainingColumnName">The color images to learn from (null: the input column, which must then hold color images while fitting).</param>
    /// <param name="timeBudget">Wall-clock training budget (null: see <paramref name="epochs"/>).</param>
    /// <param name="epochs">Passes over the data (null: one, unless a time budget is set).</param>
    /// <param name="l1Weight">Weight of the L1 loss against the adversarial loss (pix2pix: 100).</param>
    /// <param name="loss">The adversarial loss.</param>
    public ColorizerTrainer Colorizer(string outputColumnName = "Colorized", string inputColumnName = "Image", string? trainingColumnName = null,
        TimeSpan? timeBudget = null, int? epochs = null, double l1Weight = 100, GanLoss loss = GanLoss.NonSaturating) =>
        Colorizer(new ColorizerTrainer.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            TrainingColumnName = trainingColumnName,
            TimeBudget = timeBudget,
            Epochs = epochs,
            L1Weight = l1Weight,
            Loss = loss,
        });

    /// <summary>A colorizer with full <paramref name="options"/>.</summary>
    public ColorizerTrainer Colorizer(ColorizerTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ColorizerTrainer(_context, options);
    }
}
