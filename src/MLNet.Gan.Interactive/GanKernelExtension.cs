// The .NET Interactive kernel extension: the host runs it as `#r "nuget: MLNet.Gan.Interactive"` loads the package.
using Microsoft.DotNet.Interactive;
using MLNet.Gan.Runtime;

namespace MLNet.Gan.Interactive;

/// <summary>
/// Readies a notebook for MLNet.Gan as the package loads: TorchSharp's native library (<see cref="TorchRuntime.PrepareNativeLibrary"/>,
/// the Debian 12 fix for the copy TorchSharp gathers in its package folder) and the formatters (<see cref="GanFormatters"/>).
/// ScottPlot comes with the package as an ordinary dependency, so cells may say <c>using ScottPlot;</c> and draw plots of their own.
/// </summary>
public sealed class GanKernelExtension : IKernelExtension
{
    /// <summary>Readies the notebook; <paramref name="kernel"/> is the kernel loading the extension.</summary>
    /// <param name="kernel">The loading kernel (the C# kernel, or a composite holding one).</param>
    public Task OnLoadAsync(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        try
        {
            TorchRuntime.PrepareNativeLibrary();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // TorchRuntime.EnsureLoaded tries again before the library first uses torch, and reports this if loading fails.
        }

        GanFormatters.Register();
        return Task.CompletedTask;
    }
}
