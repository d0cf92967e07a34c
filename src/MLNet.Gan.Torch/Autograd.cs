// Gradients as values (torch.autograd.grad): the basis of gradient penalties such as WGAN-GP's.
using MLNet.Gan.Torch.Native;

namespace MLNet.Gan.Torch;

/// <summary>Computes gradients as new tensors instead of accumulating them into <see cref="Tensor.Grad"/>.</summary>
/// <example><code>
/// // WGAN-GP: penalise the critic's gradient norm at interpolated samples.
/// var xHat = (alpha * real + (1 - alpha) * fake).Detach().RequiresGrad_();
/// var score = critic.Forward(xHat);
/// var g = Autograd.Grad(new[] { score }, new[] { xHat }, new[] { Torch.OnesLike(score) }, createGraph: true)[0];
/// var penalty = (g.Flatten(1).Norm(new long[] { 1 }) - 1).Square().Mean();
/// </code></example>
public static class Autograd
{
    /// <summary>
    /// The gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/> (one per input,
    /// shaped like it), like <c>torch.autograd.grad</c>. <see cref="Tensor.Grad"/> of leaves is left untouched.
    /// </summary>
    /// <param name="outputs">Tensors to differentiate; each must require grad.</param>
    /// <param name="inputs">Tensors to differentiate with respect to; each must require grad.</param>
    /// <param name="gradOutputs">
    /// The vector of the vector-Jacobian product, one per output and shaped like it; null means ones, which
    /// only works for one-element outputs.
    /// </param>
    /// <param name="retainGraph">Keep the graph for another backward pass (always kept when <paramref name="createGraph"/> is set, as in PyTorch).</param>
    /// <param name="createGraph">Record the gradient computation itself, so the result can be differentiated again (double backward).</param>
    /// <param name="allowUnused">
    /// Allow inputs the outputs do not depend on; their gradient is then a tensor of zeros shaped like the input
    /// (PyTorch returns None there). Without it such an input is an error.
    /// </param>
    /// <exception cref="TorchException">An input or output does not require grad, shapes disagree, or an input is unused.</exception>
    public static Tensor[] Grad(
        IReadOnlyList<Tensor> outputs,
        IReadOnlyList<Tensor> inputs,
        IReadOnlyList<Tensor>? gradOutputs = null,
        bool retainGraph = false,
        bool createGraph = false,
        bool allowUnused = false)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        if (gradOutputs is not null && gradOutputs.Count != outputs.Count)
        {
            throw new ArgumentException(
                $"got {gradOutputs.Count} gradOutputs for {outputs.Count} outputs: give one per output, or none",
                nameof(gradOutputs));
        }

        var gradHandles = gradOutputs is null ? Array.Empty<IntPtr>() : Tensor.RawHandles(gradOutputs);
        var results = new IntPtr[inputs.Count];
        var status = NativeMethods.mg_autograd_grad(
            Tensor.RawHandles(outputs),
            outputs.Count,
            Tensor.RawHandles(inputs),
            inputs.Count,
            gradHandles,
            gradHandles.Length,
            retainGraph || createGraph ? 1 : 0,
            createGraph ? 1 : 0,
            allowUnused ? 1 : 0,
            results);
        GC.KeepAlive(outputs);
        GC.KeepAlive(inputs);
        GC.KeepAlive(gradOutputs);
        NativeChecks.Check(status);

        var grads = new Tensor[results.Length];
        for (var i = 0; i < results.Length; i++)
        {
            grads[i] = results[i] == IntPtr.Zero ? Torch.ZerosLike(inputs[i]) : new Tensor(results[i]);
        }

        return grads;
    }

    /// <summary>The gradient of one output with respect to one input (see the list form).</summary>
    public static Tensor Grad(Tensor output, Tensor input, Tensor? gradOutput = null, bool retainGraph = false, bool createGraph = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(input);
        return Grad(new[] { output }, new[] { input }, gradOutput is null ? null : new[] { gradOutput }, retainGraph, createGraph)[0];
    }
}
