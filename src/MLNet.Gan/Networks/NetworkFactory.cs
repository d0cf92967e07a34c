// Builds the generator and discriminator an Options asks for, and checks custom ones up front.
using MLNet.Gan.Torch;
using MLNet.Gan.Torch.NN;
using MLNet.Gan.Training;

namespace MLNet.Gan.Networks;

using Torch = MLNet.Gan.Torch.Torch;

/// <summary>Creates built-in or custom networks and validates their input and output shapes.</summary>
internal static class NetworkFactory
{
    /// <summary>The architecture <paramref name="requested"/> resolves to for images of <paramref name="shape"/>.</summary>
    public static GanArchitecture Resolve(GanArchitecture requested, ImageShape shape) => requested switch
    {
        GanArchitecture.Auto => shape.Height == shape.Width && Array.IndexOf(DcganLayout.SupportedSizes, shape.Height) >= 0 && shape.Channels is 1 or 3
            ? GanArchitecture.Dcgan
            : GanArchitecture.Mlp,
        _ => requested,
    };

    public static Module CreateGenerator(GanTrainer.Options o, NetworkContext c)
    {
        if (o.Generator is not null)
        {
            return o.Generator(c) ?? throw new InvalidOperationException("the custom Generator factory returned null");
        }

        return Resolve(o.Architecture, c.Shape) == GanArchitecture.Dcgan
            ? new DcganGenerator(c.Shape, c.LatentSize, c.NumClasses, o.Width)
            : new MlpGenerator(c.Shape, c.LatentSize, c.NumClasses, o.Width);
    }

    public static Module CreateDiscriminator(GanTrainer.Options o, NetworkContext c)
    {
        if (o.Discriminator is not null)
        {
            return o.Discriminator(c) ?? throw new InvalidOperationException("the custom Discriminator factory returned null");
        }

        // Batch norm couples the samples of a batch, which the WGAN gradient penalty must not see.
        var batchNorm = o.Loss != GanLoss.WassersteinGp && !o.SpectralNorm;
        return Resolve(o.Architecture, c.Shape) == GanArchitecture.Dcgan
            ? new DcganDiscriminator(c.Shape, c.NumClasses, o.Width, batchNorm, o.SpectralNorm)
            : new MlpDiscriminator(c.Shape, c.NumClasses, o.Width, o.SpectralNorm);
    }

    /// <summary>
    /// Runs both networks once on a batch of 2 and says which shape was expected when one is off; any exception a
    /// network's forward throws comes back as an <see cref="ArgumentException"/> naming the shapes, the original as its inner exception.
    /// </summary>
    public static void CheckShapes(Module generator, Module discriminator, NetworkContext c, Device device)
    {
        using var scope = Torch.NewScope();
        using var noGrad = Torch.NoGrad();
        var wasTraining = generator.IsTraining;
        generator.Eval();
        discriminator.Eval();
        try
        {
            var z = Torch.Randn(new[] { 2L, c.LatentSize }, device: device);
            var labels = c.NumClasses > 0 ? Torch.Zeros(new[] { 2L }, ScalarType.Int64, device) : null;
            var expected = c.Shape.BatchShape(2);
            Tensor images;
            try
            {
                images = NetworkCalls.Run(generator, z, labels);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Any failure of a custom forward (libtorch's shape errors, the module's own checks) gets the expected shape.
                throw new ArgumentException(
                    $"the generator failed on z of shape [2, {c.LatentSize}] (it must map it to images " +
                    $"[{string.Join(", ", expected)}]): {e.Message}", e);
            }

            if (!images.Shape.SequenceEqual(expected))
            {
                throw new ArgumentException(
                    $"the generator must map z [2, {c.LatentSize}] to images [{string.Join(", ", expected)}], " +
                    $"but it produced [{string.Join(", ", images.Shape)}]");
            }

            Tensor scores;
            try
            {
                scores = NetworkCalls.Run(discriminator, images, labels);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new ArgumentException(
                    $"the discriminator failed on images of shape [{string.Join(", ", expected)}] (it must map them to scores [2] or [2, 1]): {e.Message}", e);
            }

            var s = scores.Shape;
            if (!(s.SequenceEqual(new[] { 2L }) || s.SequenceEqual(new[] { 2L, 1L })))
            {
                throw new ArgumentException(
                    $"the discriminator must map images [{string.Join(", ", expected)}] to scores [2] or [2, 1], " +
                    $"but it produced [{string.Join(", ", s)}]");
            }
        }
        finally
        {
            generator.Train(wasTraining);
            discriminator.Train(wasTraining);
        }
    }
}
