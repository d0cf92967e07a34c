// Global settings of the transposed 2-D convolution (policy, caches) and the raw calls tests and benchmarks use.
using System.Runtime.CompilerServices;
using MLNet.Gan.Torch.Native;
using static MLNet.Gan.Torch.Native.NativeChecks;

// The benchmark suite times ConvTranspose2dOp directly under each policy.
[assembly: InternalsVisibleTo("MLNet.Gan.Benchmarks")]

namespace MLNet.Gan.Torch;

/// <summary>Transposed-convolution settings.</summary>
public static partial class Torch
{
    /// <summary>
    /// How transposed 2-D convolutions are computed, for the whole process. Default
    /// <see cref="ConvTranspose2dPolicy.Auto"/>: on the CPU, time libtorch's kernel and the
    /// re-expressed form once per shape and keep the faster.
    /// </summary>
    public static ConvTranspose2dPolicy ConvTranspose2dPolicy
    {
        get
        {
            Check(NativeMethods.mg_convt_get_policy(out var policy));
            return (ConvTranspose2dPolicy)policy;
        }

        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "unknown ConvTranspose2dPolicy");
            }

            Check(NativeMethods.mg_convt_set_policy((int)value));
        }
    }

    /// <summary>
    /// Sizes of the transposed-convolution caches: shapes whose faster form was measured, and
    /// rearranged weights kept for inference (each until its weight changes or is freed).
    /// </summary>
    public static (long Shapes, long Weights) ConvTranspose2dCacheSize
    {
        get
        {
            Check(NativeMethods.mg_convt_cache_size(out var shapes, out var weights));
            return (shapes, weights);
        }
    }

    /// <summary>The form the last transposed convolution on this thread ran with.</summary>
    public static ConvTranspose2dForm LastConvTranspose2dForm
    {
        get
        {
            Check(NativeMethods.mg_convt_last_choice(out var form));
            return (ConvTranspose2dForm)form;
        }
    }

    /// <summary>Forgets every measured per-shape choice and every cached rearranged weight.</summary>
    public static void ClearConvTranspose2dCache() => Check(NativeMethods.mg_convt_cache_clear());
}

/// <summary>Direct calls of the transposed convolution, for parity tests and benchmarks.</summary>
internal static class ConvTranspose2dOp
{
    /// <summary>
    /// The shim's conv_transpose2d under <see cref="Torch.ConvTranspose2dPolicy"/>.
    /// (N, C_in, H, W) with weight (C_in, C_out / groups, kH, kW) -> (N, C_out, H_out, W_out).
    /// Every array is (height, width).
    /// </summary>
    internal static Tensor Forward(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding,
        long[] outputPadding, long groups = 1, long[]? dilation = null)
    {
        var dil = Validate(input, weight, stride, padding, outputPadding, dilation);
        var status = NativeMethods.mg_convt_forward(input.Handle, weight.Handle, Tensor.RawOrZero(bias), stride, padding,
            outputPadding, groups, dil, out var h);
        GC.KeepAlive(bias);
        return Tensor.Wrap(status, h);
    }

    /// <summary>libtorch's own at::conv_transpose2d with the same arguments as <see cref="Forward"/>.</summary>
    internal static Tensor Reference(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding,
        long[] outputPadding, long groups = 1, long[]? dilation = null)
    {
        var dil = Validate(input, weight, stride, padding, outputPadding, dilation);
        var status = NativeMethods.mg_convt_reference(input.Handle, weight.Handle, Tensor.RawOrZero(bias), stride,
            padding, outputPadding, groups, dil, out var h);
        GC.KeepAlive(bias);
        return Tensor.Wrap(status, h);
    }

    /// <summary>Checks the arguments; returns the dilation, (1, 1) when none was given.</summary>
    private static long[] Validate(Tensor input, Tensor weight, long[] stride, long[] padding, long[] outputPadding,
        long[]? dilation)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        dilation ??= [1, 1];
        RequirePair(stride, nameof(stride));
        RequirePair(padding, nameof(padding));
        RequirePair(outputPadding, nameof(outputPadding));
        RequirePair(dilation, nameof(dilation));
        return dilation;
    }

    private static void RequirePair(long[] values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Length != 2)
        {
            throw new ArgumentException($"{name} must hold 2 values (height, width), got {values.Length}", name);
        }
    }
}
