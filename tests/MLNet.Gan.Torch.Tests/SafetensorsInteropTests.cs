// Safetensors files cross between PyTorch and C#: Python-written files read back exactly, and the
// C# writer still produces the bytes that `ops_reference.py verify` checked.
namespace MLNet.Gan.Torch.Tests;

[TestClass]
public sealed class SafetensorsInteropTests
{
    /// <summary>Set to 1 to rewrite csharp_written.safetensors in the source tree (then run `ops_reference.py verify`).</summary>
    private const string RegenerateVariable = "MLNETGAN_REGENERATE_FIXTURES";

    [TestMethod]
    public void ReadsEveryDtypeThatPyTorchWrote()
    {
        using var scope = Torch.NewScope();
        var t = Safetensors.Load(RepoPaths.Fixture("ops_python_written.safetensors"), out var meta);

        Assert.AreEqual("ops_reference.py", meta["producer"]);
        Assert.AreEqual("1.13.0", meta["torch"]);
        Assert.AreEqual("\u00fcnicode \u2713", meta["note"], "non-ASCII metadata survives");
        Assert.HasCount(7, t);

        Expect(t["f32"], ScalarType.Float32, new long[] { 2, 3, 4 });
        CollectionAssert.AreEqual(Enumerable.Range(0, 24).Select(i => (i * 0.5f) - 3).ToArray(), t["f32"].ToArray<float>());
        Expect(t["f64"], ScalarType.Float64, new long[] { 5 });
        CollectionAssert.AreEqual(Enumerable.Range(0, 5).Select(i => Math.Sqrt(i)).ToArray(), t["f64"].ToArray<double>());
        Expect(t["f16"], ScalarType.Float16, new long[] { 8 });
        CollectionAssert.AreEqual(Enumerable.Range(0, 8).Select(i => (Half)(i * 0.25f)).ToArray(), t["f16"].ToArray<Half>());
        Expect(t["i64"], ScalarType.Int64, new long[] { 3, 2 });
        CollectionAssert.AreEqual(Enumerable.Range(0, 6).Select(i => (i * 1_000_000_000_000L) - 5).ToArray(), t["i64"].ToArray<long>());
        Expect(t["i32"], ScalarType.Int32, new long[] { 4 });
        CollectionAssert.AreEqual(Enumerable.Range(0, 4).Select(i => i * -7).ToArray(), t["i32"].ToArray<int>());
        Expect(t["u8"], ScalarType.UInt8, new long[] { 16 });
        CollectionAssert.AreEqual(Enumerable.Range(0, 16).Select(i => (byte)(i * 17 % 256)).ToArray(), t["u8"].ToArray<byte>());
        Expect(t["bool"], ScalarType.Bool, new long[] { 7 });
        CollectionAssert.AreEqual(Enumerable.Range(0, 7).Select(i => i % 3 == 0).ToArray(), t["bool"].ToArray<bool>());
    }

    [TestMethod]
    public void WriterProducesExactlyTheBytesPythonVerified()
    {
        var bytes = CSharpWrittenFixture.WriteToBytes();
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            var target = Path.Combine(RepoPaths.Root, "tests", "MLNet.Gan.Torch.Tests", "Fixtures", CSharpWrittenFixture.FileName);
            File.WriteAllBytes(target, bytes);
            File.WriteAllBytes(RepoPaths.Fixture(CSharpWrittenFixture.FileName), bytes);
        }

        var committed = File.ReadAllBytes(RepoPaths.Fixture(CSharpWrittenFixture.FileName));
        CollectionAssert.AreEqual(
            committed,
            bytes,
            $"Safetensors.Write no longer produces the bytes of {CSharpWrittenFixture.FileName}; if the change is intended, " +
            $"regenerate it with {RegenerateVariable}=1 and check it with `python3 tests/reference/ops_reference.py verify`.");
    }

    [TestMethod]
    public void TheCommittedCSharpFileReadsBackAsWritten()
    {
        using var scope = Torch.NewScope();
        var loaded = Safetensors.Load(RepoPaths.Fixture(CSharpWrittenFixture.FileName), out var meta);
        var built = CSharpWrittenFixture.Build();
        CollectionAssert.AreEquivalent(CSharpWrittenFixture.Metadata, meta);
        CollectionAssert.AreEquivalent(built.Keys.ToList(), loaded.Keys.ToList());
        foreach (var (name, t) in built)
        {
            Assert.AreEqual(t.Dtype, loaded[name].Dtype, name);
            Assert.IsTrue(t.Equal(loaded[name]), $"{name} differs after the round trip");
        }
    }

    private static void Expect(Tensor t, ScalarType dtype, long[] shape)
    {
        Assert.AreEqual(dtype, t.Dtype);
        CollectionAssert.AreEqual(shape, t.Shape);
    }
}
