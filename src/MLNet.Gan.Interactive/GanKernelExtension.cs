// The .NET Interactive kernel extension: loading the package (or calling OnLoadAsync) registers the formatters.
using Microsoft.DotNet.Interactive;

namespace MLNet.Gan.Interactive;

/// <summary>Registers <see cref="GanFormatters"/> when a kernel loads the extension.</summary>
public sealed class GanKernelExtension : IKernelExtension
{
    /// <summary>Registers the formatters; <paramref name="kernel"/> is the kernel loading the extension.</summary>
    /// <param name="kernel">The loading kernel.</param>
    public Task OnLoadAsync(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        GanFormatters.Register();
        return Task.CompletedTask;
    }
}
