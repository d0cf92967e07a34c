// Converts generator output (B, C, H, W) in [-1, 1] to images or to float vectors.
using MLNet.Gan.Data;
using MLNet.Gan.Torch;

namespace MLNet.Gan.Generation;

/// <summary>Tensor-to-image conversions of generated batches.</summary>
internal static class TensorImages
{
    /// <summary>(B, C, H, W) in [-1, 1] -> B images of 8-bit pixels.</summary>
    public static MLImage[] ToImages(Tensor batch) => ImageTensors.ToImages(batch).ToArray();

    /// <summary>(B, C, H, W) in [-1, 1] -> B float vectors in CHW order, in [0, 1] when <paramref name="zeroToOne"/>.</summary>
    public static float[][] ToVectors(Tensor batch, bool zeroToOne)
    {
        using var scope = MLNet.Gan.Torch.Torch.NewScope();
        var cpu = batch.Detach().To(Device.Cpu).Contiguous();
        if (zeroToOne)
        {
            cpu = (cpu + 1.0) * 0.5;
        }

        var all = cpu.ToArray<float>();
        var b = (int)cpu.Size(0);
        var size = all.Length / Math.Max(1, b);
        var result = new float[b][];
        for (var i = 0; i < b; i++)
        {
            result[i] = all.AsSpan(i * size, size).ToArray();
        }

        return result;
    }
}
