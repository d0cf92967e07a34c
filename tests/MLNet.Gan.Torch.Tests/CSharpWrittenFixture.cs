// The tensors C# writes for ops_reference.py's `verify` mode; each value follows from its index i.
namespace MLNet.Gan.Torch.Tests;

internal static class CSharpWrittenFixture
{
    public const string FileName = "csharp_written.safetensors";

    public static Dictionary<string, string> Metadata => new() { ["producer"] = "MLNet.Gan", ["purpose"] = "interop check" };

    /// <summary>Same formulas as csharp_expected() in tests/reference/ops_reference.py.</summary>
    public static Dictionary<string, Tensor> Build() => new()
    {
        ["f32"] = Tensor.From(Enumerable.Range(0, 6).Select(i => (i * 0.25f) - 1).ToArray(), 2, 3),
        ["f64"] = Tensor.From(Enumerable.Range(0, 4).Select(i => i / 3.0).ToArray()),
        ["f16"] = Tensor.From(Enumerable.Range(0, 4).Select(i => (Half)(i * 0.5f)).ToArray()),
        ["i64"] = Tensor.From(Enumerable.Range(0, 3).Select(i => (i * 1_099_511_627_776L) - 5).ToArray()),
        ["i32"] = Tensor.From(Enumerable.Range(0, 5).Select(i => i - 2).ToArray()),
        ["u8"] = Tensor.From(Enumerable.Range(0, 4).Select(i => (byte)(250 + i)).ToArray()),
        ["bool"] = Tensor.From(Enumerable.Range(0, 5).Select(i => i % 2 == 0).ToArray()),
    };

    /// <summary>The bytes the writer produces today for <see cref="Build"/>.</summary>
    public static byte[] WriteToBytes()
    {
        using var scope = Torch.NewScope();
        using var stream = new MemoryStream();
        Safetensors.Write(stream, Build(), Metadata);
        return stream.ToArray();
    }
}
