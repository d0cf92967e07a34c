// Which TorchSharp device a trainer or a loaded model runs on: "cpu", "cuda", "cuda:N" or "auto".
using Microsoft.ML;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Training;

/// <summary>Parses device names and checks that the device exists.</summary>
internal static class Devices
{
    /// <summary>
    /// The device for <paramref name="name"/>; "auto" honours <paramref name="context"/>'s GpuDeviceId (and its FallbackToCpu
    /// when CUDA is missing), else takes CUDA when TorchSharp has it, else the CPU. Asking for CUDA where there is none is one clear error.
    /// </summary>
    public static Device Resolve(string name, MLContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = name.Trim().ToLowerInvariant();
        if (text == "auto")
        {
            if (context?.GpuDeviceId is { } gpu)
            {
                if (cuda.is_available() && gpu < cuda.device_count())
                {
                    return new Device(DeviceType.CUDA, gpu);
                }

                if (context.FallbackToCpu)
                {
                    return CPU;
                }

                throw new InvalidOperationException(
                    $"MLContext.GpuDeviceId is {gpu} but {CudaState()}; set MLContext.FallbackToCpu = true to train on the CPU instead");
            }

            return cuda.is_available() ? CUDA : CPU;
        }

        if (text == "cpu")
        {
            return CPU;
        }

        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            var index = 0;
            if (text.Length > 4 && !int.TryParse(text.AsSpan(5), out index))
            {
                throw new ArgumentException($"device '{name}': expected cpu, cuda, cuda:N or auto", nameof(name));
            }

            if (!cuda.is_available() || index < 0 || index >= cuda.device_count())
            {
                throw new InvalidOperationException(
                    $"device '{name}' was asked for but {CudaState()}; use \"cpu\" or \"auto\" " +
                    "(CUDA needs a CUDA backend package such as TorchSharp-cuda-windows and an NVIDIA GPU)");
            }

            return new Device(DeviceType.CUDA, index);
        }

        throw new ArgumentException($"device '{name}': expected cpu, cuda, cuda:N or auto", nameof(name));
    }

    /// <summary>Checks the syntax of a device name without touching TorchSharp's native library.</summary>
    public static void CheckSyntax(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = name.Trim().ToLowerInvariant();
        var ok = text is "auto" or "cpu" or "cuda" || (text.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(5), out var n) && n >= 0);
        if (!ok)
        {
            throw new ArgumentException($"device '{name}': expected cpu, cuda, cuda:N or auto", nameof(name));
        }
    }

    private static string CudaState() => cuda.is_available()
        ? $"this machine has {cuda.device_count()} CUDA device(s)"
        : "TorchSharp has no CUDA here (a CPU-only backend package, or no NVIDIA GPU)";
}
