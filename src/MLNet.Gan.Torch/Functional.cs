// Stateless neural-network operations (torch.nn.functional's counterparts) used by the layers.
using MLNet.Gan.Torch.Native;
using static MLNet.Gan.Torch.Native.NativeChecks;

namespace MLNet.Gan.Torch;

/// <summary>How <see cref="Functional.Upsample(Tensor, double, UpsampleMode, bool)"/> fills new pixels.</summary>
public enum UpsampleMode
{
    /// <summary>Copies the nearest source pixel.</summary>
    Nearest = 0,

    /// <summary>Interpolates linearly in height and width.</summary>
    Bilinear = 1,
}

/// <summary>How <see cref="Functional.Pad"/> fills the border.</summary>
public enum PadMode
{
    /// <summary>A constant value.</summary>
    Constant = 0,

    /// <summary>Mirror image without repeating the edge (abc -> cb|abc|ba).</summary>
    Reflect = 1,

    /// <summary>Repeats the edge value (abc -> aa|abc|cc).</summary>
    Replicate = 2,
}

/// <summary>
/// Stateless operations of neural networks; every one records autograd history like its
/// torch.nn.functional namesake. Layers in <see cref="NN"/> call these with their parameters.
/// </summary>
public static class Functional
{
    private static Tensor Done(int status, IntPtr h, params Tensor?[] keepAlive)
    {
        GC.KeepAlive(keepAlive);
        return CheckTensor(status, h);
    }

    /// <summary>y = x Wᵀ + b. Input (*, in), weight (out, in), bias (out) -> (*, out).</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        var status = NativeMethods.mg_nn_linear(input.Handle, weight.Handle, Tensor.RawOrZero(bias), out var h);
        return Done(status, h, bias);
    }

    /// <summary>2-D convolution. Input (B, Cin, H, W), weight (Cout, Cin/groups, kH, kW) -> (B, Cout, H', W').</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        var status = NativeMethods.mg_nn_conv2d(input.Handle, weight.Handle, Tensor.RawOrZero(bias), Pair(stride), Pair(padding), Pair(dilation), groups, out var h);
        return Done(status, h, bias);
    }

    /// <summary>
    /// Transposed 2-D convolution (the gradient of <see cref="Conv2d"/> with respect to its input).
    /// Input (B, Cin, H, W), weight (Cin, Cout/groups, kH, kW) ->
    /// (B, Cout, (H-1)·stride - 2·padding + dilation·(kH-1) + outputPadding + 1, ...).
    /// </summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long outputPadding = 0, long groups = 1, long dilation = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        var status = NativeMethods.mg_nn_conv_transpose2d(input.Handle, weight.Handle, Tensor.RawOrZero(bias), Pair(stride), Pair(padding), Pair(outputPadding), Pair(dilation), groups, out var h);
        return Done(status, h, bias);
    }

    /// <summary>
    /// Batch normalisation over dim 1 of (B, C, *). In training, normalises with the batch statistics
    /// and updates the running statistics in place (running = (1 - momentum)·running + momentum·batch,
    /// unbiased variance); otherwise normalises with the running statistics.
    /// </summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null, bool training = false, double momentum = 0.1, double eps = 1e-5) =>
        BatchNorm(input, runningMean, runningVar, weight, bias, null, training, momentum, eps);

    /// <summary>Batch norm that also adds one to <paramref name="numBatchesTracked"/> in training.</summary>
    internal static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, Tensor? numBatchesTracked, bool training, double momentum, double eps)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!training && (runningMean is null || runningVar is null))
        {
            throw new ArgumentException("batch norm in evaluation mode needs running mean and variance");
        }

        var status = NativeMethods.mg_nn_batch_norm(input.Handle, Tensor.RawOrZero(weight), Tensor.RawOrZero(bias), Tensor.RawOrZero(runningMean), Tensor.RawOrZero(runningVar), Tensor.RawOrZero(numBatchesTracked), training ? 1 : 0, momentum, eps, out var h);
        return Done(status, h, runningMean, runningVar, weight, bias, numBatchesTracked);
    }

    /// <summary>Instance normalisation: statistics per sample and channel over the spatial dims of (B, C, *).</summary>
    public static Tensor InstanceNorm(Tensor input, Tensor? runningMean = null, Tensor? runningVar = null, Tensor? weight = null, Tensor? bias = null, bool useInputStats = true, double momentum = 0.1, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(input);
        var status = NativeMethods.mg_nn_instance_norm(input.Handle, Tensor.RawOrZero(weight), Tensor.RawOrZero(bias), Tensor.RawOrZero(runningMean), Tensor.RawOrZero(runningVar), useInputStats ? 1 : 0, momentum, eps, out var h);
        return Done(status, h, runningMean, runningVar, weight, bias);
    }

    /// <summary>Looks up rows of <paramref name="weight"/> (V, D) for int64 <paramref name="indices"/> (*) -> (*, D).</summary>
    public static Tensor Embedding(Tensor indices, Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(weight);
        return CheckTensor(NativeMethods.mg_nn_embedding(weight.Handle, indices.Handle, out var h), h);
    }

    /// <summary>Zeroes elements with probability <paramref name="p"/> and scales the rest by 1/(1-p), when training.</summary>
    public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (p < 0 || p > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
        }

        return CheckTensor(NativeMethods.mg_nn_dropout(input.Handle, p, training ? 1 : 0, out var h), h);
    }

    /// <summary>max(0, x) + slope·min(0, x).</summary>
    public static Tensor LeakyRelu(Tensor input, double negativeSlope = 0.01)
    {
        ArgumentNullException.ThrowIfNull(input);
        return CheckTensor(NativeMethods.mg_nn_leaky_relu(input.Handle, negativeSlope, out var h), h);
    }

    /// <summary>Rearranges (B, C·r², H, W) -> (B, C, H·r, W·r).</summary>
    public static Tensor PixelShuffle(Tensor input, long upscaleFactor)
    {
        ArgumentNullException.ThrowIfNull(input);
        return CheckTensor(NativeMethods.mg_nn_pixel_shuffle(input.Handle, upscaleFactor, 0, out var h), h);
    }

    /// <summary>Rearranges (B, C, H·r, W·r) -> (B, C·r², H, W), the inverse of <see cref="PixelShuffle"/>.</summary>
    public static Tensor PixelUnshuffle(Tensor input, long downscaleFactor)
    {
        ArgumentNullException.ThrowIfNull(input);
        return CheckTensor(NativeMethods.mg_nn_pixel_shuffle(input.Handle, downscaleFactor, 1, out var h), h);
    }

    /// <summary>
    /// Resizes (B, C, H, W) by a scale factor: (B, C, floor(H·s), floor(W·s)), like F.interpolate with
    /// scale_factor (the factor itself drives the sampling grid).
    /// </summary>
    public static Tensor Upsample(Tensor input, double scaleFactor, UpsampleMode mode = UpsampleMode.Nearest, bool alignCorners = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!(scaleFactor > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(scaleFactor), scaleFactor, "scale factor must be positive");
        }

        var status = NativeMethods.mg_nn_upsample2d(input.Handle, (int)mode, null, new[] { scaleFactor, scaleFactor }, alignCorners ? 1 : 0, out var h);
        return CheckTensor(status, h);
    }

    /// <summary>Resizes (B, C, H, W) to (B, C, height, width), like F.interpolate with size.</summary>
    public static Tensor Upsample(Tensor input, long height, long width, UpsampleMode mode = UpsampleMode.Nearest, bool alignCorners = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var status = NativeMethods.mg_nn_upsample2d(input.Handle, (int)mode, new[] { height, width }, null, alignCorners ? 1 : 0, out var h);
        return CheckTensor(status, h);
    }

    /// <summary>
    /// Pads the last dimensions: <paramref name="pads"/> = (left, right[, top, bottom[, front, back]]),
    /// starting from the last dimension, like F.pad. Reflect and replicate take 2, 4 or 6 values.
    /// </summary>
    public static Tensor Pad(Tensor input, long[] pads, PadMode mode = PadMode.Constant, double value = 0)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(pads);
        return CheckTensor(NativeMethods.mg_nn_pad(input.Handle, pads, pads.Length, (int)mode, value, out var h), h);
    }

    private static long[] Pair(long v) => new[] { v, v };
}
