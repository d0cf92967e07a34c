// Builds the generator and discriminator an Options asks for, and checks custom ones up front.
using MLNet.Gan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Networks;

/// <summary>Creates built-in or custom networks and validates their input and output shapes.</summary>
internal static class NetworkFactory
{
    /// <summary>The architecture <paramref name="requested"/> resolves to for images of <paramref name="shape"/>.</summary>
    public static GanArchitecture Resolve(GanArchitecture requested, ImageShape shape) => requested switch
    {
        GanArchitecture.Auto => DcganLayout.Supports(shape) ? GanArchitecture.Dcgan : GanArchitecture.Mlp,
        _ => requested,
    };

    public static nn.Module<Tensor, Tensor> CreateGenerator(GanTrainer.Options o, NetworkContext c)
    {
        if (o.Generator is not null)
        {
            return o.Generator(c) ?? throw new InvalidOperationException("the custom Generator factory returned null");
        }

        return CreateGenerator(Resolve(o.Architecture, c.Shape), o.Width, c);
    }

    public static nn.Module<Tensor, Tensor> CreateGenerator(GanArchitecture architecture, int width, NetworkContext c) =>
        architecture == GanArchitecture.Dcgan
            ? new DcganGenerator(c.Shape, c.LatentSize, c.NumClasses, width)
            : new MlpGenerator(c.Shape, c.LatentSize, c.NumClasses, width);

    public static nn.Module<Tensor, Tensor> CreateDiscriminator(GanTrainer.Options o, NetworkContext c)
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
    public static void CheckShapes(nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> discriminator, NetworkContext c, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var wasTraining = generator.training;
        generator.eval();
        discriminator.eval();
        try
        {
            var z = randn(new[] { 2L, c.LatentSize }, device: device);
            var labels = c.NumClasses > 0 ? zeros(new[] { 2L }, ScalarType.Int64, device) : null;
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

            if (!images.shape.SequenceEqual(expected))
            {
                throw new ArgumentException(
                    $"the generator must map z [2, {c.LatentSize}] to images [{string.Join(", ", expected)}], " +
                    $"but it produced [{string.Join(", ", images.shape)}]");
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

            var s = scores.shape;
            if (!(s.SequenceEqual(new[] { 2L }) || s.SequenceEqual(new[] { 2L, 1L })))
            {
                throw new ArgumentException(
                    $"the discriminator must map images [{string.Join(", ", expected)}] to scores [2] or [2, 1], " +
                    $"but it produced [{string.Join(", ", s)}]");
            }
        }
        finally
        {
            generator.train(wasTraining);
            discriminator.train(wasTraining);
        }
    }
}
