// Converts generator output (B, C, H, W) in [-1, 1] to images or vectors, and training images back to tensors.
using MLNet.Gan.Data;
using MLNet.Gan.Torch;

namespace MLNet.Gan.Generation;

/// <summary>Tensor-to-image conversions of generated batches.</summary>
internal static class TensorImages
{
    /// <summary>(B, C, H, W) in [-1, 1] -> B images of 8-bit pixels.</summary>
    public static MLImage[] ToImages(Tensor batch)
    {
        using var scope = MLNet.Gan.Torch.Torch.NewScope();
        var shape = batch.Shape;
        int b = (int)shape[0], c = (int)shape[1], h = (int)shape[2], w = (int)shape[3];
        // (B, C, H, W) -> (B, H, W, C) bytes
        var bytes = ((batch.Detach().To(Device.Cpu) + 1.0) * 127.5).Round().ClampMin(0).ClampMax(255)
            .Permute(0, 2, 3, 1).To(ScalarType.UInt8).ToArray<byte>();
        var size = c * h * w;
        var images = new MLImage[b];
        for (var i = 0; i < b; i++)
        {
            images[i] = new MLImage(w, h, c, bytes.AsSpan(i * size, size).ToArray());
        }

        return images;
    }

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
