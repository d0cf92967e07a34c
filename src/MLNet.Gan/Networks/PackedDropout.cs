// Dropout whose random mask costs a third of the random draws of libtorch's: three 16-bit uniform numbers from each 48-bit
// draw, compared with p.
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Networks;

/// <summary>
/// Dropout (Srivastava et al., 2014) for training: zeroes each element with probability p and scales the rest by
/// 1 / (1 - p); the identity in evaluation mode. The same maths as <c>nn.Dropout</c>, with a cheaper mask: libtorch draws
/// every element's keep-or-drop by its own 64-bit random number, serially on CPUs where it does not use MKL (AMD's, and
/// any libtorch without MKL), which made dropout the largest cost of the TensorFlow DCGAN tutorial's discriminator here
/// (see the README's Speed section). This layer draws one 48-bit random number (the default generator's
/// <c>random_</c>, so <c>manual_seed</c> makes it repeatable) for every three elements and compares each 16-bit part
/// with p. p is thereby rounded to a multiple of 1/65536 (0.3 becomes 0.300003), and the kept elements are scaled by
/// 1 / (1 - that p), so the expectation is kept exactly.
/// </summary>
public sealed class PackedDropout : nn.Module<Tensor, Tensor>
{
    private const int Levels = 1 << 16; // the values a 16-bit part takes
    private const double DrawRange = 281_474_976_710_656.0; // 2^48: three 16-bit parts
    private readonly long _threshold;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">The probability of zeroing an element, in [0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1).</exception>
    public PackedDropout(double p = 0.5)
        : base(nameof(PackedDropout))
    {
        if (!(p >= 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "dropout's probability must be at least 0 and below 1");
        }

        _threshold = (long)Math.Round(p * Levels);
        if (_threshold == Levels)
        {
            _threshold = Levels - 1; // p just below 1 stays below 1
        }
    }

    /// <summary>The probability an element is zeroed: p rounded to a multiple of 1/65536.</summary>
    public double DropProbability => (double)_threshold / Levels;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        if (!training || _threshold == 0)
        {
            return input.alias(); // a new handle, as TorchSharp's layers return: Sequential disposes what each layer returns
        }

        using var scope = NewDisposeScope();
        var count = input.numel();
        var draws = empty((count + 2) / 3, dtype: ScalarType.Int64, device: input.device).random_(0, DrawRange); // uniform in [0, 2^48)
        var parts = stack([draws.bitwise_and(Levels - 1), draws.bitwise_right_shift(16).bitwise_and(Levels - 1), draws.bitwise_right_shift(32)], 1);
        var keep = parts.flatten().narrow(0, 0, count).ge(_threshold).reshape(input.shape); // each kept with probability 1 - DropProbability
        return input.mul(keep).mul((double)Levels / (Levels - _threshold)).MoveToOuterDisposeScope();
    }
}
