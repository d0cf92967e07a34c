// Loss functions on libtorch's own numerically stable kernels.
using MLNet.Gan.Torch.Native;
using static MLNet.Gan.Torch.Native.NativeChecks;

namespace MLNet.Gan.Torch;

/// <summary>How a loss combines its per-element values.</summary>
public enum Reduction
{
    /// <summary>No reduction: one loss per element (per sample for cross entropy).</summary>
    None = 0,

    /// <summary>The mean over elements.</summary>
    Mean = 1,

    /// <summary>The sum over elements.</summary>
    Sum = 2,
}

/// <summary>Loss functions; each records autograd history like its torch.nn.functional namesake.</summary>
public static class Losses
{
    /// <summary>
    /// Binary cross entropy on logits: -[y·log σ(x) + (1-y)·log(1-σ(x))], computed stably
    /// (no sigmoid then log). <paramref name="target"/> has the shape of <paramref name="logits"/>.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction = Reduction.Mean) =>
        Loss(LossKind.BceWithLogits, logits, target, null, reduction);

    /// <summary>
    /// Binary cross entropy on logits against one label for every element, e.g. 1 for "real" and 0
    /// for "fake" (or 0.9 for one-sided label smoothing) in a GAN.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, double target, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(logits);
        var status = NativeMethods.mg_nn_bce_with_logits_scalar(logits.Handle, target, (int)reduction, out var h);
        return CheckTensor(status, h);
    }

    /// <summary>Binary cross entropy on probabilities in [0, 1] (log terms clamped at -100 like PyTorch).</summary>
    public static Tensor BinaryCrossEntropy(Tensor probabilities, Tensor target, Reduction reduction = Reduction.Mean) =>
        Loss(LossKind.Bce, probabilities, target, null, reduction);

    /// <summary>Mean squared error (x - y)².</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        Loss(LossKind.Mse, input, target, null, reduction);

    /// <summary>Mean absolute error |x - y|.</summary>
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        Loss(LossKind.L1, input, target, null, reduction);

    /// <summary>
    /// Cross entropy of class logits (B, C) (or (B, C, *)) against int64 class indices (B) (or (B, *)):
    /// log-softmax then negative log likelihood. <paramref name="classWeights"/> (C) optional.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor targets, Reduction reduction = Reduction.Mean, Tensor? classWeights = null) =>
        Loss(LossKind.CrossEntropy, logits, targets, classWeights, reduction);

    private static Tensor Loss(LossKind kind, Tensor input, Tensor target, Tensor? weight, Reduction reduction)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        var status = NativeMethods.mg_nn_loss((int)kind, input.Handle, target.Handle, Tensor.RawOrZero(weight), (int)reduction, out var h);
        GC.KeepAlive(weight);
        return CheckTensor(status, h);
    }
}
