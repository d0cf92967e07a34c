// Saved generator weights are PyTorch's: fixtures made by tests/reference/generator_parity.py (PyTorch rebuilds the
// DCGAN generator of a saved model, loads its generator.safetensors strictly and runs it in eval mode) must match
// what TorchSharp computes from the same file, and a freshly saved model carries PyTorch's state_dict names and shapes.
using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using MLNet.Gan.Networks;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class PyTorchParityTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Gan", "Fixtures", name);

    /// <summary>A safetensors file's header: per tensor its dtype and shape, and the free-form metadata.</summary>
    private static (Dictionary<string, (string DType, long[] Shape)> Tensors, Dictionary<string, string> Metadata) Header(byte[] file)
    {
        var length = BitConverter.ToUInt64(file, 0); // little-endian on every platform .NET runs this on
        using var json = JsonDocument.Parse(file.AsMemory(8, (int)length));
        var tensors = new Dictionary<string, (string, long[])>();
        var metadata = new Dictionary<string, string>();
        foreach (var entry in json.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__")
            {
                foreach (var m in entry.Value.EnumerateObject())
                {
                    metadata[m.Name] = m.Value.GetString()!;
                }

                continue;
            }

            tensors[entry.Name] = (entry.Value.GetProperty("dtype").GetString()!,
                entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray());
        }

        return (tensors, metadata);
    }

    /// <summary>PyTorch's state_dict as the reference script recorded it: "name:d0,d1;name:d0;...".</summary>
    private static List<(string Name, string Shape)> PyTorchStateDict(string expectedFile)
    {
        var (_, metadata) = Header(File.ReadAllBytes(Fixture(expectedFile)));
        return metadata["state_dict"].Split(';').Select(e => (e[..e.IndexOf(':')], e[(e.IndexOf(':') + 1)..])).ToList();
    }

    [TestMethod]
    [DataRow("dcgan28-conditional")]
    [DataRow("dcgan32-rgb")]
    public void TorchSharpGeneratesWhatPyTorchGeneratesFromTheSameWeights(string name)
    {
        var ml = new MLContext(seed: 1);
        using var model = GanTransformer.Load(ml, Fixture(name + ".zip"));
        Assert.IsInstanceOfType<DcganGenerator>(model.Generator);
        Assert.IsFalse(model.Generator.training, "a loaded generator runs in eval mode (batch norm uses its running statistics)");
        using var scope = NewDisposeScope();
        var expected = Safetensors.LoadStateDict(Fixture(name + ".pytorch.safetensors"));
        var z = expected["z"];
        var labels = expected.TryGetValue("labels", out var l) ? l : null;
        Assert.AreEqual(model.IsConditional, labels is not null);
        using var noGrad = no_grad();
        var images = NetworkCalls.Run(model.Generator, z, labels); // (6, C, H, W)
        CollectionAssert.AreEqual(expected["images"].shape, images.shape);
        var worst = (images - expected["images"]).abs().max().item<float>();
        Console.WriteLine($"{name}: largest difference from PyTorch {worst:E2} over {images.numel()} values");
        Assert.IsLessThan(1e-4f, worst, $"{name}: TorchSharp and PyTorch differ by up to {worst}");
        Assert.IsGreaterThan(0.01f, expected["images"].std().item<float>(), "the reference images are not constant");
    }

    [TestMethod]
    public void ASavedGeneratorCarriesPyTorchsStateDictNamesShapesAndTypes()
    {
        // The same network as the dcgan28-conditional fixture: DCGAN 28 px, 1 channel, width 4, z of 8, 3 classes.
        var ml = new MLContext(seed: 1);
        var options = new GanTrainer.Options { LabelColumnName = "Label", Width = 4, LatentSize = 8, BatchSize = 8, MaxSteps = 1, Seed = 5, Device = "cpu" };
        using var model = new GanTrainer(ml, options).Fit(DcganTrainingTests.Images(ml, 28, 1));
        using var folder = new TempFolder();
        var path = folder.File("model.zip");
        model.Save(path);
        byte[] weights;
        using (var zip = ZipFile.OpenRead(path))
        using (var s = zip.GetEntry("part-000/generator.safetensors")!.Open())
        using (var copy = new MemoryStream())
        {
            s.CopyTo(copy);
            weights = copy.ToArray();
        }

        var (tensors, _) = Header(weights);
        var pytorch = PyTorchStateDict("dcgan28-conditional.pytorch.safetensors");
        CollectionAssert.AreEquivalent(pytorch.Select(p => p.Name).ToList(), tensors.Keys.ToList(), "the names of PyTorch's state_dict");
        foreach (var (name, shape) in pytorch)
        {
            Assert.AreEqual(shape, string.Join(',', tensors[name].Shape), $"shape of {name}");
            Assert.AreEqual(name.EndsWith("num_batches_tracked", StringComparison.Ordinal) ? "I64" : "F32", tensors[name].DType, $"dtype of {name}");
        }

        // (out = 8 * 7 * 7, in = z 8 + label embedding 8); ConvTranspose2d weights are (in, out, k, k) as in PyTorch.
        CollectionAssert.AreEqual(new long[] { 392, 16 }, tensors["project.0.weight"].Shape);
        CollectionAssert.AreEqual(new long[] { 392 }, tensors["project.1.running_mean"].Shape);
        CollectionAssert.AreEqual(new long[] { 8, 4, 4, 4 }, tensors["body.0.weight"].Shape);
        CollectionAssert.AreEqual(new long[] { 3, 8 }, tensors["embedding.weight"].Shape);
        using var scope = NewDisposeScope();
        CollectionAssert.AreEquivalent(
            model.GeneratorStateDict().Keys.ToList(), tensors.Keys.ToList(), "the file holds exactly GeneratorStateDict()");
    }
}
