// What the ONNX tests share: built-in networks of tiny width with non-trivial batch-norm statistics wrapped as fitted
// transformers, exported graphs run in ONNX Runtime's InferenceSession, and latents drawn as the library draws them.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MLNet.Gan.Colorization;
using MLNet.Gan.Data;
using MLNet.Gan.Imaging;
using MLNet.Gan.Networks;
using MLNet.Gan.Onnx;
using MLNet.Gan.Runtime;
using MLNet.Gan.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Onnx;

internal static class OnnxFixtures
{
    /// <summary>
    /// The parity bound on the networks' own scale ([-1, 1]: tanh images, chroma): 1e-4, that is 0.01275 on the 0..255
    /// pixel scale. Measured differences are about 1e-6 (float32 summation order).
    /// </summary>
    public const float Tolerance = 1e-4f;

    private static readonly Lazy<GanTransformer> SharedFashionGan = new(TrainFashionGan);

    /// <summary>A conditional 28 px DCGAN with a moving average, trained for 10 steps on real Fashion-MNIST images; shared, do not dispose.</summary>
    public static GanTransformer FashionGan => SharedFashionGan.Value;

    /// <summary>A fitted-generator transformer around a fresh built-in generator whose batch norms carry random running statistics.</summary>
    public static GanTransformer Generator(GanArchitecture architecture, int size, int channels, int classes, int width = 4, int latent = 12, int seed = 3)
    {
        TorchRuntime.EnsureLoaded();
        random.manual_seed(seed);
        var info = new GanModelInfo
        {
            Architecture = architecture,
            Width = width,
            LatentSize = latent,
            Channels = channels,
            Height = size,
            ImageWidth = size,
            ClassNames = Enumerable.Range(0, classes).Select(i => $"class {i}").ToArray(),
        };
        var generator = NetworkFactory.CreateGenerator(architecture, width, new NetworkContext(info.Shape, latent, classes));
        RandomizeNorms(generator);
        return new GanTransformer(new MLContext(seed: 1), info, generator, CPU, null);
    }

    /// <summary>A colorizer transformer around a fresh U-Net whose batch norms carry random running statistics.</summary>
    public static ColorizerTransformer Colorizer(int size, int depth, int width, int seed = 4)
    {
        TorchRuntime.EnsureLoaded();
        random.manual_seed(seed);
        var unet = new UNetGenerator(size, depth, width);
        RandomizeNorms(unet);
        var info = new ColorizerModelInfo { ImageSize = size, UNetDepth = depth, Width = width };
        return new ColorizerTransformer(new MLContext(seed: 1), info, ColorizerTransformer.Freeze(unet), CPU, null);
    }

    /// <summary>Running statistics and affine parameters away from their initial values, so evaluation form differs from identity.</summary>
    public static void RandomizeNorms(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var norm in module.modules().OfType<BatchNorm>())
        {
            norm.running_mean!.uniform_(-0.3, 0.3);
            norm.running_var!.uniform_(0.5, 2.0);
            norm.weight!.uniform_(0.7, 1.3);
            norm.bias!.uniform_(-0.2, 0.2);
        }
    }

    /// <summary>The graph bytes of <paramref name="export"/>.</summary>
    public static byte[] Bytes(Action<Stream> export)
    {
        using var stream = new MemoryStream();
        export(stream);
        return stream.ToArray();
    }

    /// <summary>Runs the session once on named float and int64 inputs; returns every output by name.</summary>
    public static Dictionary<string, float[]> Run(InferenceSession session, params (string Name, object Values, long[] Shape)[] inputs)
    {
        var values = new List<NamedOnnxValue>();
        foreach (var (name, data, shape) in inputs)
        {
            var dims = shape.Select(d => (int)d).ToArray();
            values.Add(data switch
            {
                float[] f => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(f, dims)),
                long[] l => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(l, dims)),
                _ => throw new ArgumentException($"unsupported input type {data.GetType()}"),
            });
        }

        using var results = session.Run(values);
        return results.ToDictionary(r => r.Name, r => r.AsEnumerable<float>().ToArray());
    }

    /// <summary>The latent vectors the library draws for <paramref name="seed"/> (Box-Muller over System.Random).</summary>
    public static float[] Latent(int seed, int count, int size) => Generation.LatentSampler.Sample(seed, count, size);

    /// <summary>The largest absolute difference between two equally long arrays.</summary>
    public static float MaxDifference(IReadOnlyList<float> a, IReadOnlyList<float> b)
    {
        Assert.HasCount(a.Count, b);
        var max = 0f;
        for (var i = 0; i < a.Count; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }

    /// <summary>
    /// The same image within one level per channel, and at least 99 % of the bytes identical: the graph rounds halves to even
    /// and the library away from zero, and float32 differences between the engines can cross a rounding boundary.
    /// </summary>
    internal static void AssertSamePixels(MLImage expected, MLImage actual, string what)
    {
        Assert.AreEqual((expected.Width, expected.Height), (actual.Width, actual.Height), what);
        var differing = 0;
        for (var y = 0; y < expected.Height; y++)
        {
            for (var x = 0; x < expected.Width; x++)
            {
                var (er, eg, eb, _) = ImagePixels.Get(expected, x, y);
                var (ar, ag, ab, aa) = ImagePixels.Get(actual, x, y);
                Assert.AreEqual(255, aa, $"{what}: pixel ({x}, {y}) is not opaque");
                var worst = Math.Max(Math.Abs(er - ar), Math.Max(Math.Abs(eg - ag), Math.Abs(eb - ab)));
                Assert.IsLessThanOrEqualTo(1, worst, $"{what}: pixel ({x}, {y}) is ({ar}, {ag}, {ab}), the library gives ({er}, {eg}, {eb})");
                differing += worst > 0 ? 1 : 0;
            }
        }

        Assert.IsLessThanOrEqualTo(expected.Width * expected.Height / 100, differing, $"{what}: {differing} pixels differ by one level");
    }

    /// <summary>A session with the graph's default optimisations, on one thread (the suite's setting).</summary>
    public static InferenceSession Session(byte[] graph)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return new InferenceSession(graph, options);
    }

    // A conditional DCGAN with a moving average, briefly trained on real Fashion-MNIST images.
    private static GanTransformer TrainFashionGan()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.TakeRows(ml.Data.LoadFashionMnist(FashionMnistSplit.Train), 512);
        var options = new GanTrainer.Options
        {
            LabelColumnName = "Label",
            Architecture = GanArchitecture.Dcgan,
            Width = 4,
            LatentSize = 16,
            BatchSize = 32,
            MaxSteps = 10,
            EmaDecay = 0.9,
            Seed = 3,
            Device = "cpu",
        };
        return ml.Gan().Trainers.ConditionalGan(options).Fit(data);
    }
}
