// Weight initialisation in place and without autograd, following torch.nn.init's formulas.
using MLNet.Gan.Torch.Native;

namespace MLNet.Gan.Torch.NN;

/// <summary>The non-linearity that follows a layer, for the gain of Xavier and Kaiming init.</summary>
public enum Nonlinearity
{
    /// <summary>Identity / linear layer (gain 1).</summary>
    Linear,

    /// <summary>Convolution without activation (gain 1).</summary>
    Conv,

    /// <summary>Sigmoid (gain 1).</summary>
    Sigmoid,

    /// <summary>Tanh (gain 5/3).</summary>
    Tanh,

    /// <summary>ReLU (gain √2).</summary>
    Relu,

    /// <summary>Leaky ReLU with slope a (gain √(2 / (1 + a²))).</summary>
    LeakyRelu,
}

/// <summary>Whether Kaiming init preserves the variance of the forward pass (fan in) or of the backward pass (fan out).</summary>
public enum FanMode
{
    /// <summary>Scale by the number of inputs of a unit.</summary>
    FanIn,

    /// <summary>Scale by the number of outputs of a unit.</summary>
    FanOut,
}

/// <summary>Fills tensors in place, without recording autograd history (torch.nn.init).</summary>
public static class Init
{
    /// <summary>Samples N(mean, std²).</summary>
    public static Tensor Normal(Tensor tensor, double mean = 0, double std = 1) => Fill(tensor, InitKind.Normal, mean, std);

    /// <summary>Samples U(a, b).</summary>
    public static Tensor Uniform(Tensor tensor, double a = 0, double b = 1) => Fill(tensor, InitKind.Uniform, a, b);

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public static Tensor Constant(Tensor tensor, double value) => Fill(tensor, InitKind.Constant, value, 0);

    /// <summary>Sets every element to 0.</summary>
    public static Tensor Zeros(Tensor tensor) => Constant(tensor, 0);

    /// <summary>Sets every element to 1.</summary>
    public static Tensor Ones(Tensor tensor) => Constant(tensor, 1);

    /// <summary>U(-g·√(6 / (fanIn + fanOut)), +...) (Glorot and Bengio, 2010).</summary>
    public static Tensor XavierUniform(Tensor tensor, double gain = 1)
    {
        var (fanIn, fanOut) = Fans(tensor);
        var bound = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        return Uniform(tensor, -bound, bound);
    }

    /// <summary>N(0, g²·2 / (fanIn + fanOut)).</summary>
    public static Tensor XavierNormal(Tensor tensor, double gain = 1)
    {
        var (fanIn, fanOut) = Fans(tensor);
        return Normal(tensor, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
    }

    /// <summary>U(-b, b) with b = gain·√(3 / fan) (He et al., 2015); <paramref name="a"/> is the leaky ReLU slope.</summary>
    public static Tensor KaimingUniform(Tensor tensor, double a = 0, Nonlinearity nonlinearity = Nonlinearity.LeakyRelu, FanMode mode = FanMode.FanIn)
    {
        var bound = Math.Sqrt(3.0) * CalculateGain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode));
        return Uniform(tensor, -bound, bound);
    }

    /// <summary>N(0, (gain / √fan)²) (He et al., 2015); <paramref name="a"/> is the leaky ReLU slope.</summary>
    public static Tensor KaimingNormal(Tensor tensor, double a = 0, Nonlinearity nonlinearity = Nonlinearity.LeakyRelu, FanMode mode = FanMode.FanIn) =>
        Normal(tensor, 0, CalculateGain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode)));

    /// <summary>The recommended gain for <paramref name="nonlinearity"/> (torch.nn.init.calculate_gain).</summary>
    public static double CalculateGain(Nonlinearity nonlinearity, double param = 0.01) => nonlinearity switch
    {
        Nonlinearity.Linear or Nonlinearity.Conv or Nonlinearity.Sigmoid => 1.0,
        Nonlinearity.Tanh => 5.0 / 3.0,
        Nonlinearity.Relu => Math.Sqrt(2.0),
        Nonlinearity.LeakyRelu => Math.Sqrt(2.0 / (1 + (param * param))),
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "unknown non-linearity"),
    };

    /// <summary>
    /// The DCGAN paper's initialisation (Radford et al., 2015) applied to every layer of <paramref name="module"/>:
    /// convolution and transposed-convolution weights N(0, 0.02²); batch-norm weights N(1, 0.02²), biases 0.
    /// </summary>
    public static void Dcgan(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var m in module.Modules())
        {
            switch (m)
            {
                case Conv2d c:
                    Normal(c.Weight, 0, 0.02);
                    break;
                case ConvTranspose2d c:
                    Normal(c.Weight, 0, 0.02);
                    break;
                case BatchNorm b when b.Weight is not null && b.Bias is not null:
                    Normal(b.Weight, 1, 0.02);
                    Zeros(b.Bias);
                    break;
            }
        }
    }

    /// <summary>(fan in, fan out) of a weight: (size(1), size(0)) times the receptive field (product of dims 2..).</summary>
    internal static (double FanIn, double FanOut) Fans(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = tensor.Shape;
        if (shape.Length < 2)
        {
            throw new ArgumentException($"fan in and fan out need a tensor of at least 2 dimensions, got shape [{string.Join(", ", shape)}]", nameof(tensor));
        }

        double receptive = shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        return (shape[1] * receptive, shape[0] * receptive);
    }

    private static double Fan(Tensor tensor, FanMode mode)
    {
        var (fanIn, fanOut) = Fans(tensor);
        return mode == FanMode.FanIn ? fanIn : fanOut;
    }

    private static Tensor Fill(Tensor tensor, InitKind kind, double a, double b)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        NativeChecks.Check(NativeMethods.mg_nn_init(tensor.Handle, (int)kind, a, b));
        return tensor;
    }
}
