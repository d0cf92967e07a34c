using System.Globalization;

namespace MLNet.Gan.Torch;

/// <summary>Kinds of compute device.</summary>
public enum DeviceType
{
    /// <summary>The host CPU.</summary>
    Cpu = 0,

    /// <summary>An NVIDIA GPU through CUDA (when libtorch was built with it).</summary>
    Cuda = 1,
}

/// <summary>A compute device: the CPU, or one CUDA GPU by index.</summary>
/// <param name="Type">The kind of device.</param>
/// <param name="Index">The GPU index (0 for the CPU).</param>
public readonly record struct Device(DeviceType Type, int Index = 0)
{
    /// <summary>The CPU.</summary>
    public static Device Cpu => new(DeviceType.Cpu);

    /// <summary>CUDA GPU number <paramref name="index"/>.</summary>
    public static Device Cuda(int index = 0) => new(DeviceType.Cuda, index);

    /// <summary>True for a CUDA device.</summary>
    public bool IsCuda => Type == DeviceType.Cuda;

    /// <summary>
    /// Parses "cpu", "cuda", "cuda:N" (N a GPU index, digits only) or "auto" (CUDA GPU 0 when libtorch sees one,
    /// else the CPU); case and surrounding blanks do not matter.
    /// </summary>
    /// <exception cref="FormatException"><paramref name="text"/> is none of these.</exception>
    public static Device Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        if (t == "cpu") return Cpu;
        if (t == "auto") return Torch.CudaIsAvailable ? Cuda() : Cpu;
        if (t == "cuda") return Cuda();
        if (t.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(t.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 0)
        {
            return Cuda(i);
        }

        throw new FormatException($"unknown device '{text}': expected cpu, cuda, cuda:N or auto");
    }

    /// <inheritdoc/>
    public override string ToString() => IsCuda ? $"cuda:{Index}" : "cpu";
}
