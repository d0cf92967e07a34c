namespace MLNet.Gan.Torch.Tests;

[TestClass]
public sealed class SafetensorsTests
{
    [TestMethod]
    public void RoundTripsEveryDtypeWithMetadata()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mg-st-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var scope = Torch.NewScope();
            var tensors = new Dictionary<string, Tensor>
            {
                ["f32"] = Tensor.From(new float[] { 1.5f, -2, 3, 4, 5, 6 }, 2, 3),
                ["f64"] = Tensor.From(new double[] { Math.PI }, 1),
                ["i64"] = Tensor.From(new long[] { long.MaxValue, -7 }, 2),
                ["u8"] = Tensor.From(new byte[] { 0, 255, 7 }, 3, 1),
                ["bool"] = Tensor.From(new[] { true, false, true }, 3),
            };
            Safetensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });

            var loaded = Safetensors.Load(path, out var meta);
            Assert.AreEqual("pt", meta["format"]);
            CollectionAssert.AreEqual(new long[] { 2, 3 }, loaded["f32"].Shape);
            CollectionAssert.AreEqual(tensors["f32"].ToArray<float>(), loaded["f32"].ToArray<float>());
            CollectionAssert.AreEqual(tensors["f64"].ToArray<double>(), loaded["f64"].ToArray<double>());
            CollectionAssert.AreEqual(tensors["i64"].ToArray<long>(), loaded["i64"].ToArray<long>());
            CollectionAssert.AreEqual(tensors["u8"].ToArray<byte>(), loaded["u8"].ToArray<byte>());
            CollectionAssert.AreEqual(tensors["bool"].ToArray<bool>(), loaded["bool"].ToArray<bool>());
            foreach (var t in loaded.Values)
            {
                t.Dispose();
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void TruncatedFileGivesAClearError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mg-st-{Guid.NewGuid():N}.safetensors");
        try
        {
            using (var t = Torch.Ones(new long[] { 64 }))
            {
                Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = t });
            }

            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..^16]);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => Safetensors.Load(path));
            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, "'w'");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
