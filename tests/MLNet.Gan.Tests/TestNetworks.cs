// Small custom networks for tests: one that ignores z (mode collapse by construction), one with a wrong output
// shape, and one whose forward throws an exception of its own.
using MLNet.Gan.Networks;
using MLNet.Gan.Torch;
using MLNet.Gan.Torch.NN;

namespace MLNet.Gan.Tests;

/// <summary>A generator that ignores z: every sample is the same learned image (B, C, H, W).</summary>
internal sealed class ConstantGenerator : Module
{
    private readonly Tensor _image;
    private readonly ImageShape _shape;

    public ConstantGenerator(ImageShape shape)
    {
        _shape = shape;
        using var scope = Torch.Torch.NewScope();
        _image = RegisterParameter("image", Torch.Torch.Randn(shape.BatchShape(1)) * 0.1);
    }

    public override Tensor Forward(Tensor input) =>
        _image.Tanh().Expand(input.Size(0), _shape.Channels, _shape.Height, _shape.Width); // (B, C, H, W), same for every z
}

/// <summary>A discriminator with two scores per image (B, 2) instead of one.</summary>
internal sealed class TwoScoreDiscriminator : Module
{
    private readonly Linear _linear;

    public TwoScoreDiscriminator(ImageShape shape) => _linear = RegisterModule("linear", new Linear(shape.Size, 2));

    public override Tensor Forward(Tensor input) => _linear.Forward(input.Flatten(1)); // (B, C*H*W) -> (B, 2)
}

/// <summary>A network whose forward refuses to run, with an exception that is not libtorch's.</summary>
internal sealed class RefusingNetwork : Module
{
    public const string Reason = "this network is not ready";

    public override Tensor Forward(Tensor input) => throw new InvalidOperationException(Reason);
}
