// The arithmetic precision of training: bfloat16 where the processor computes it natively (AVX-512 BF16 or AMX),
// float32 otherwise; applied to the networks' mixed-precision layers, while weights, optimizer, losses and EMA stay float32.
using MLNet.Gan.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan
{
    /// <summary>The arithmetic precision of the convolutions and linear layers during training.</summary>
    public enum GanPrecision
    {
        /// <summary>
        /// BFloat16 on a CPU that computes it natively (avx512_bf16 or amx_bf16 in /proc/cpuinfo, and a probe convolution
        /// agrees with float32), Float32 otherwise, and Float32 on CUDA.
        /// </summary>
        Auto,

        /// <summary>Everything in float32.</summary>
        Float32,

        /// <summary>
        /// Mixed precision: convolutions and linear layers compute in bfloat16 (inputs and weights cast inside the layer,
        /// gradients flowing back through the casts), activations between them stay bfloat16, while the weights, Adam's
        /// state, batch-norm statistics, the losses and the moving average stay float32. Slow on CPUs without native bfloat16.
        /// </summary>
        BFloat16,
    }
}

namespace MLNet.Gan.Training
{
    /// <summary>Resolves <see cref="GanPrecision"/> for a device and sets it on a network's layers.</summary>
    internal static class MixedPrecision
    {
        private static readonly Lazy<bool> NativeCpuBFloat16 = new(ProbeCpu);

        /// <summary>True when this CPU computes bfloat16 natively and libtorch's bfloat16 convolution agrees with float32.</summary>
        public static bool CpuHasNativeBFloat16 => NativeCpuBFloat16.Value;

        /// <summary>The dtype training computes in on <paramref name="device"/> for <paramref name="precision"/>.</summary>
        public static ScalarType Resolve(GanPrecision precision, Device device) => precision switch
        {
            GanPrecision.Float32 => ScalarType.Float32,
            GanPrecision.BFloat16 => ScalarType.BFloat16,
            GanPrecision.Auto => device.type == DeviceType.CPU && CpuHasNativeBFloat16 ? ScalarType.BFloat16 : ScalarType.Float32,
            _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision"),
        };

        /// <summary>The <see cref="GanPrecision"/> naming <paramref name="type"/>.</summary>
        public static GanPrecision Name(ScalarType type) => type == ScalarType.BFloat16 ? GanPrecision.BFloat16 : GanPrecision.Float32;

        /// <summary>Sets <paramref name="type"/> on every <see cref="IMixedPrecisionLayer"/> of <paramref name="module"/>; returns how many.</summary>
        public static int Apply(nn.Module module, ScalarType type)
        {
            var count = 0;
            foreach (var layer in module.modules().OfType<IMixedPrecisionLayer>())
            {
                layer.ComputeType = type;
                count++;
            }

            return count;
        }

        /// <summary>
        /// Casts a network's output to float32 for the losses: a bfloat16 network ends in bfloat16
        /// (<see cref="Networks.MixedPrecisionLayer"/>), whatever follows its last layer.
        /// </summary>
        public static Tensor ToFloat32(Tensor t) => t.dtype == ScalarType.Float32 ? t : t.to(ScalarType.Float32);

        private static bool ProbeCpu()
        {
            const string CpuInfo = "/proc/cpuinfo";
            if (!File.Exists(CpuInfo))
            {
                return false; // other systems: float32 unless asked for
            }

            var flags = File.ReadLines(CpuInfo).FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) ?? string.Empty;
            var names = flags.Split([' ', '\t', ':'], StringSplitOptions.RemoveEmptyEntries);
            if (!names.Contains("avx512_bf16") && !names.Contains("amx_bf16"))
            {
                return false;
            }

            // The flag says the instructions exist; the probe says libtorch's bfloat16 convolution runs and is right here.
            try
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                using var generator = new torch.Generator(7);
                var x = randn([4, 8, 6, 6], generator: generator);
                var w = randn([16, 8, 3, 3], generator: generator) * 0.1;
                var exact = nn.functional.conv2d(x, w, padding: [1, 1]);
                var low = nn.functional.conv2d(x.to(ScalarType.BFloat16), w.to(ScalarType.BFloat16), padding: [1, 1]).to(ScalarType.Float32);
                // bfloat16 keeps 8 significant bits: a sum of 72 rounded products stays within a few percent of its scale.
                var error = (low - exact).abs().max().item<float>() / exact.abs().max().item<float>();
                return float.IsFinite(error) && error < 0.05f;
            }
            catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or InvalidOperationException or NotSupportedException)
            {
                return false;
            }
        }
    }
}
