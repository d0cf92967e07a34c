// Parity of every built-in network with its exported graph: the written ONNX file run in ONNX Runtime's InferenceSession
// and through ML.NET's ApplyOnnxModel, against the TorchSharp module on the same latents and labels, within
// OnnxFixtures.Tolerance (1e-4) on the network's [-1, 1] scale.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MLNet.Gan.Colorization;
using MLNet.Gan.Onnx;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Onnx;

[TestClass]
public sealed class OnnxParityTests
{
    private const int Samples = 3;

    [TestMethod]
    [DataRow(GanArchitecture.Dcgan, 28, 1, 0)]
    [DataRow(GanArchitecture.Dcgan, 28, 1, 3)]
    [DataRow(GanArchitecture.Dcgan, 28, 3, 0)]
    [DataRow(GanArchitecture.Dcgan, 28, 3, 3)]
    [DataRow(GanArchitecture.Dcgan, 32, 1, 0)]
    [DataRow(GanArchitecture.Dcgan, 32, 1, 3)]
    [DataRow(GanArchitecture.Dcgan, 32, 3, 0)]
    [DataRow(GanArchitecture.Dcgan, 32, 3, 3)]
    [DataRow(GanArchitecture.Dcgan, 64, 1, 0)]
    [DataRow(GanArchitecture.Dcgan, 64, 1, 3)]
    [DataRow(GanArchitecture.Dcgan, 64, 3, 0)]
    [DataRow(GanArchitecture.Dcgan, 64, 3, 3)]
    [DataRow(GanArchitecture.Mlp, 28, 1, 0)]
    [DataRow(GanArchitecture.Mlp, 28, 1, 3)]
    [DataRow(GanArchitecture.Mlp, 28, 3, 0)]
    [DataRow(GanArchitecture.Mlp, 28, 3, 3)]
    [DataRow(GanArchitecture.Mlp, 32, 1, 0)]
    [DataRow(GanArchitecture.Mlp, 32, 1, 3)]
    [DataRow(GanArchitecture.Mlp, 32, 3, 0)]
    [DataRow(GanArchitecture.Mlp, 32, 3, 3)]
    [DataRow(GanArchitecture.Mlp, 64, 1, 0)]
    [DataRow(GanArchitecture.Mlp, 64, 1, 3)]
    [DataRow(GanArchitecture.Mlp, 64, 3, 0)]
    [DataRow(GanArchitecture.Mlp, 64, 3, 3)]
    public void GeneratorGraphMatchesTorchSharpInOnnxRuntimeAndInMlNet(GanArchitecture architecture, int size, int channels, int classes)
    {
        using var gan = OnnxFixtures.Generator(architecture, size, channels, classes);
        var graph = OnnxFixtures.Bytes(s => gan.ExportOnnx(s, new OnnxExportOptions { WholePixels = false }));
        var latent = OnnxFixtures.Latent(seed: 11, Samples, gan.LatentSize);
        var labels = classes > 0 ? Enumerable.Range(0, Samples).Select(i => i % classes).ToArray() : null;
        float[] expected;
        using (NewDisposeScope())
        {
            expected = gan.Run(latent, Samples, labels).contiguous().data<float>().ToArray(); // (N, C, H, W) in [-1, 1]
        }

        var size1 = gan.ImageShape.Size;
        using var session = OnnxFixtures.Session(graph);
        var fromMlNet = ThroughMlNet(graph, latent, labels, gan.LatentSize);
        for (var i = 0; i < Samples; i++)
        {
            var inputs = new List<(string, object, long[])> { (OnnxContract.LatentInput, latent.AsSpan(i * gan.LatentSize, gan.LatentSize).ToArray(), [1, gan.LatentSize]) };
            if (labels is not null)
            {
                inputs.Add((OnnxContract.LabelInput, new long[] { labels[i] }, [1, 1]));
            }

            var pixels = OnnxFixtures.Run(session, [.. inputs])[OnnxContract.PixelsOutput];
            var reference = expected.AsSpan(i * size1, size1).ToArray();
            var difference = OnnxFixtures.MaxDifference(pixels.Select(p => (p / 127.5f) - 1f).ToArray(), reference);
            Assert.IsLessThanOrEqualTo(OnnxFixtures.Tolerance, difference, $"sample {i}: ONNX Runtime vs TorchSharp on the [-1, 1] scale");

            // ML.NET's OnnxTransformer runs the same file on the same row: the same numbers.
            CollectionAssert.AreEqual(pixels, fromMlNet[i], $"sample {i}: ApplyOnnxModel differs from InferenceSession");
        }
    }

    [TestMethod]
    [DataRow(16, 2, 4)]
    [DataRow(32, 3, 8)]
    [DataRow(64, 5, 4)]
    public void ColorizerGraphMatchesTheUNetAndKeepsTheLuma(int size, int depth, int width)
    {
        using var colorizer = OnnxFixtures.Colorizer(size, depth, width);
        var graph = OnnxFixtures.Bytes(s => Google.Protobuf.MessageExtensions.WriteTo(
            colorizer.BuildOnnx(new OnnxExportOptions { WholePixels = false }, withChroma: true), s));
        using var session = OnnxFixtures.Session(graph);
        var random = new Random(size);
        for (var sample = 0; sample < 2; sample++)
        {
            var gray = Enumerable.Range(0, size * size).Select(_ => (float)random.Next(256)).ToArray();
            var outputs = OnnxFixtures.Run(session, (OnnxContract.GrayInput, gray, [1, size * size]));

            float[] chroma;
            using (NewDisposeScope())
            using (no_grad())
            {
                var luma = tensor(gray.Select(v => (float)((v / 127.5) - 1)).ToArray(), [1, 1, size, size]);
                chroma = colorizer.Generator.call(luma).contiguous().data<float>().ToArray(); // (1, 2, S, S)
            }

            Assert.IsLessThanOrEqualTo(OnnxFixtures.Tolerance, OnnxFixtures.MaxDifference(outputs[ColorizerGraph.ChromaOutput], chroma),
                $"sample {sample}: the U-Net's chroma, ONNX Runtime vs TorchSharp");

            // The recombination in the graph is LumaChroma.Compose's: its bytes within rounding, and the input's luma kept.
            var pixels = outputs[OnnxContract.PixelsOutput];
            var composed = LumaChroma.Compose(gray.Select(v => (double)v).ToArray(), chroma, size, size);
            var plane = size * size;
            for (var p = 0; p < plane; p++)
            {
                var (r, g, b, _) = MLNet.Gan.Imaging.ImagePixels.Get(composed, p % size, p / size);
                Assert.IsLessThanOrEqualTo(0.55f, OnnxFixtures.MaxDifference([pixels[p], pixels[plane + p], pixels[(2 * plane) + p]], [r, g, b]),
                    $"sample {sample}, pixel {p}: graph RGB vs LumaChroma.Compose's bytes");
                var lumaOut = (LumaChroma.WR * pixels[p]) + (LumaChroma.WG * pixels[plane + p]) + (LumaChroma.WB * pixels[(2 * plane) + p]);
                Assert.AreEqual(gray[p], lumaOut, 2e-3, $"sample {sample}, pixel {p}: the output's luma");
            }
        }
    }

    // Each latent (and label) as one row of an ML.NET data view through ApplyOnnxModel; the Pixels column per row.
    private static List<float[]> ThroughMlNet(byte[] graph, float[] latent, int[]? labels, int latentSize)
    {
        var ml = new MLContext(seed: 1);
        var path = Path.Combine(Path.GetTempPath(), $"mlnetgan-parity-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, graph);
        try
        {
            var rows = Enumerable.Range(0, latent.Length / latentSize).Select(i => new GeneratorOnnxInput
            {
                Latent = latent.AsSpan(i * latentSize, latentSize).ToArray(),
                Label = labels is null ? [] : [labels[i]],
            }).ToList();
            var definition = SchemaDefinition.Create(typeof(GeneratorOnnxInput));
            definition.RemoveAll(c => c.ColumnName == nameof(GeneratorOnnxInput.Row) || (labels is null && c.ColumnName == nameof(GeneratorOnnxInput.Label)));
            definition[nameof(GeneratorOnnxInput.Latent)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, latentSize);
            if (labels is not null)
            {
                definition[nameof(GeneratorOnnxInput.Label)].ColumnType = new VectorDataViewType(NumberDataViewType.Int64, 1);
            }

            var data = ml.Data.LoadFromEnumerable(rows, definition);
            var inputs = labels is null ? new[] { OnnxContract.LatentInput } : [OnnxContract.LatentInput, OnnxContract.LabelInput];
            using var model = ml.Transforms.ApplyOnnxModel([OnnxContract.PixelsOutput], inputs, path).Fit(data);
            return model.Transform(data).GetColumn<VBuffer<float>>(OnnxContract.PixelsOutput).Select(v => v.DenseValues().ToArray()).ToList();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
