// The GAN catalog hung off the context: ctx.Gan.Trainers.Gan(...) / .ConditionalGan(...).
using MLNet.Gan.Data;

namespace MLNet.Gan;

/// <summary>The GAN components of a <see cref="GanContext"/>.</summary>
public sealed class GanCatalog
{
    internal GanCatalog(GanContext context)
    {
        Context = context;
        Trainers = new GanTrainers(context);
    }

    /// <summary>The context.</summary>
    public GanContext Context { get; }

    /// <summary>The GAN trainers.</summary>
    public GanTrainers Trainers { get; }
}

/// <summary>Trainers of the GAN catalog.</summary>
public sealed class GanTrainers
{
    private readonly GanContext _context;

    internal GanTrainers(GanContext context) => _context = context;

    /// <summary>An unconditional GAN on <paramref name="imageColumnName"/>.</summary>
    /// <param name="imageColumnName">Training images.</param>
    /// <param name="outputColumnName">The generated column the fitted transformer appends.</param>
    /// <param name="epochs">Passes over the data (null: one).</param>
    /// <param name="loss">The adversarial loss.</param>
    public GanTrainer Gan(string imageColumnName = "Image", string outputColumnName = "GeneratedImage", int? epochs = null,
        Training.GanLoss loss = Training.GanLoss.NonSaturating) =>
        Gan(new GanTrainer.Options { ImageColumnName = imageColumnName, OutputColumnName = outputColumnName, Epochs = epochs, Loss = loss });

    /// <summary>An unconditional GAN with full <paramref name="options"/> (its label column is ignored).</summary>
    public GanTrainer Gan(GanTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LabelColumnName = null;
        return new GanTrainer(options, _context);
    }

    /// <summary>A conditional GAN: the key-typed <paramref name="labelColumnName"/> goes to both networks.</summary>
    /// <param name="labelColumnName">Class labels (key type).</param>
    /// <param name="imageColumnName">Training images.</param>
    /// <param name="outputColumnName">The generated column the fitted transformer appends.</param>
    /// <param name="epochs">Passes over the data (null: one).</param>
    /// <param name="loss">The adversarial loss.</param>
    public GanTrainer ConditionalGan(string labelColumnName = "Label", string imageColumnName = "Image",
        string outputColumnName = "GeneratedImage", int? epochs = null, Training.GanLoss loss = Training.GanLoss.NonSaturating) =>
        ConditionalGan(new GanTrainer.Options
        {
            LabelColumnName = labelColumnName,
            ImageColumnName = imageColumnName,
            OutputColumnName = outputColumnName,
            Epochs = epochs,
            Loss = loss,
        });

    /// <summary>A conditional GAN with full <paramref name="options"/>; LabelColumnName defaults to "Label".</summary>
    public GanTrainer ConditionalGan(GanTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LabelColumnName ??= "Label";
        return new GanTrainer(options, _context);
    }
}

/// <summary>Hangs <see cref="GanCatalog"/> off <see cref="GanContext"/>.</summary>
public static class GanContextExtensions
{
    extension(GanContext context)
    {
        /// <summary>The GAN trainers and helpers: <c>ctx.Gan.Trainers.ConditionalGan(...)</c>.</summary>
        public GanCatalog Gan => new(context);
    }
}
