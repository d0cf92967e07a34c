// Parameter-free layers: activations, dropout and identity.
namespace MLNet.Gan.Torch.NN;

/// <summary>max(0, x).</summary>
public sealed class ReLU : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Relu();
    }
}

/// <summary>max(0, x) + slope·min(0, x); DCGAN discriminators use slope 0.2.</summary>
public sealed class LeakyReLU : Module
{
    /// <summary>Creates the activation with the slope for negative inputs.</summary>
    public LeakyReLU(double negativeSlope = 0.01) => NegativeSlope = negativeSlope;

    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.LeakyRelu(input, NegativeSlope);
}

/// <summary>tanh(x); the usual last layer of an image generator (outputs in [-1, 1]).</summary>
public sealed class Tanh : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Tanh();
    }
}

/// <summary>1 / (1 + exp(-x)).</summary>
public sealed class Sigmoid : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Sigmoid();
    }
}

/// <summary>Returns its input unchanged (a placeholder where a layer is optional).</summary>
public sealed class Identity : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input;
    }
}

/// <summary>
/// In training mode, zeroes each element with probability <see cref="P"/> and scales the rest
/// by 1/(1-p); in evaluation mode, returns the input unchanged.
/// </summary>
public sealed class Dropout : Module
{
    /// <summary>Creates the layer with drop probability <paramref name="p"/> in [0, 1].</summary>
    public Dropout(double p = 0.5)
    {
        if (p < 0 || p > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
        }

        P = p;
    }

    /// <summary>The drop probability.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, IsTraining);
}

/// <summary>Flattens dimensions <see cref="StartDim"/>..<see cref="EndDim"/> into one: (B, C, H, W) -> (B, C·H·W).</summary>
public sealed class Flatten : Module
{
    /// <summary>Creates the layer; by default keeps the batch dimension and flattens the rest.</summary>
    public Flatten(int startDim = 1, int endDim = -1)
    {
        StartDim = startDim;
        EndDim = endDim;
    }

    /// <summary>First dimension flattened.</summary>
    public int StartDim { get; }

    /// <summary>Last dimension flattened (negative counts from the end).</summary>
    public int EndDim { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Flatten(StartDim, EndDim);
    }
}

/// <summary>Splits dimension <see cref="Dimension"/> into <see cref="UnflattenedShape"/>: (B, C·H·W) -> (B, C, H, W).</summary>
public sealed class Unflatten : Module
{
    private readonly long[] _shape;

    /// <summary>Creates the layer that splits <paramref name="dim"/> into <paramref name="shape"/>.</summary>
    public Unflatten(int dim, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0)
        {
            throw new ArgumentException("unflattened shape must have at least one dimension", nameof(shape));
        }

        Dimension = dim;
        _shape = (long[])shape.Clone();
    }

    /// <summary>The dimension that is split.</summary>
    public int Dimension { get; }

    /// <summary>The sizes it is split into.</summary>
    public IReadOnlyList<long> UnflattenedShape => _shape;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.Shape;
        var d = Dimension < 0 ? Dimension + shape.Length : Dimension;
        if (d < 0 || d >= shape.Length)
        {
            throw new ArgumentException($"Unflatten dimension {Dimension} is out of range for input shape [{string.Join(", ", shape)}]", nameof(input));
        }

        var target = shape[..d].Concat(_shape).Concat(shape[(d + 1)..]).ToArray();
        return input.Reshape(target);
    }
}
