// The layer writers beyond what the built-in generators use: spectral norm divided into the weight, batch norm folded
// into a plain TorchSharp Conv2d and written alone, ConvTranspose2d, Sigmoid, Flatten; and layers that are refused by name.
using MLNet.Gan.Networks;
using MLNet.Gan.Onnx;
using MLNet.Gan.Runtime;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Onnx;

[TestClass]
public sealed class OnnxLayersTests
{
    [TestMethod]
    public void SpectralNormBatchNormAndTorchSharpsOwnLayersMatchTheirEvalForward()
    {
        TorchRuntime.EnsureLoaded();
        random.manual_seed(9);
        var network = nn.Sequential(
            new SpectralConv2d(3, 8, 4, stride: 2, padding: 1),  // (1, 3, 16, 16) -> (1, 8, 8, 8)
            nn.BatchNorm2d(8),
            nn.LeakyReLU(0.2),
            nn.Conv2d(8, 4, 3, stride: 1, padding: 1),            // -> (1, 4, 8, 8)
            nn.BatchNorm2d(4),
            nn.ReLU(),
            nn.ConvTranspose2d(4, 2, 4, stride: 2, padding: 1),   // -> (1, 2, 16, 16)
            nn.Sigmoid(),
            nn.Flatten(),                                         // -> (1, 512)
            new SpectralLinear(512, 5),
            nn.Tanh(),
            nn.BatchNorm1d(5));                                   // alone: written as Mul and Add
        using (no_grad())
        {
            // A few training forwards move the power-iteration vectors u and v away from their random start.
            network.train();
            for (var i = 0; i < 3; i++)
            {
                network.call(randn(4, 3, 16, 16));
            }
        }

        network.eval();
        OnnxFixtures.RandomizeNorms(network);

        var ctx = new OnnxExportContext(batchSize: 1);
        var input = ctx.AddInput("x", TensorProto.Types.DataType.Float, 3 * 16 * 16);
        var image = ctx.Node("Reshape", [input, ctx.Int64s("shape", -1, 3, 16, 16)]);
        ctx.AddOutput(OnnxLayers.Write(ctx, network, image), "y", 5);
        var graph = OnnxFixtures.Bytes(s => Google.Protobuf.MessageExtensions.WriteTo(ctx.ToModel("layers"), s));
        using var session = OnnxFixtures.Session(graph);
        Assert.AreEqual(2, ModelProto.Parser.ParseFrom(graph).Graph.Node.Count(n => n.OpType == "Mul" || n.OpType == "Add"),
            "the lone BatchNorm1d is a Mul and an Add; the other two are folded into their convolutions");

        for (var sample = 0; sample < 3; sample++)
        {
            var x = randn(1, 3, 16, 16);
            float[] expected;
            using (no_grad())
            {
                expected = network.call(x).data<float>().ToArray();
            }

            var actual = OnnxFixtures.Run(session, ("x", x.data<float>().ToArray(), [1, 768]))["y"];
            Assert.IsLessThanOrEqualTo(OnnxFixtures.Tolerance, OnnxFixtures.MaxDifference(actual, expected), $"sample {sample}");
        }
    }

    [TestMethod]
    public void LayersOutsideTheSetAreRefusedByTheirType()
    {
        TorchRuntime.EnsureLoaded();
        var ctx = new OnnxExportContext(batchSize: 1);
        var gelu = Assert.ThrowsExactly<NotSupportedException>(() => OnnxLayers.Write(ctx, nn.Sequential(nn.Linear(4, 4), nn.GELU()), "x"));
        StringAssert.Contains(gelu.Message, "TorchSharp.Modules.GELU");

        var grouped = Assert.ThrowsExactly<NotSupportedException>(() => OnnxLayers.Write(ctx, nn.Conv2d(4, 4, 3, groups: 2), "x"));
        StringAssert.Contains(grouped.Message, "TorchSharp.Modules.Conv2d");
        StringAssert.Contains(grouped.Message, "groups");
    }
}
