// How the transposed 2-D convolution picks between libtorch's kernel and its exact re-expression.
namespace MLNet.Gan.Torch;

/// <summary>
/// How every transposed 2-D convolution (the ConvTranspose2d layer and the functional op) is computed.
/// Both forms give the same results and gradients up to float rounding; they differ in speed.
/// </summary>
public enum ConvTranspose2dPolicy
{
    /// <summary>
    /// The default. On the CPU, the first call with a new shape (input, weight, stride, padding,
    /// output padding, dtype, whether gradients are recorded) times both forms and every later call
    /// with that shape uses the faster one. On CUDA, libtorch's kernel (cuDNN).
    /// </summary>
    Auto = 0,

    /// <summary>Always libtorch's own transposed-convolution kernel.</summary>
    LibTorchKernel = 1,

    /// <summary>
    /// Always the re-expression as one ordinary convolution (flipped kernel; for strides above 1 the
    /// stride phases as output-channel groups, then a pixel shuffle and a crop), on any device.
    /// </summary>
    OrdinaryConvolution = 2,
}

/// <summary>The form a transposed convolution ran with (see <see cref="Torch.LastConvTranspose2dForm"/>).</summary>
public enum ConvTranspose2dForm
{
    /// <summary>No transposed convolution ran on this thread yet.</summary>
    None = 0,

    /// <summary>libtorch's own kernel.</summary>
    LibTorchKernel = 1,

    /// <summary>The re-expression as an ordinary convolution.</summary>
    OrdinaryConvolution = 2,
}
