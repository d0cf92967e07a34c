// Where one training step's time goes. TorchSharp 0.107 has no profiler, so forward hooks record every layer call of a
// real step (its input, whether gradients flowed to the input and the weights); each call is then replayed alone and timed,
// forward and backward, and its convolution or matrix FLOPs are counted from the shapes.
using System.Diagnostics;
using MLNet.Gan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Benchmarks;

/// <summary>One layer call of a recorded step: its network, name, input, and the gradients its backward computed.</summary>
public sealed record LayerCall(string Network, string Layer, string Kind, nn.Module<Tensor, Tensor> Module, Tensor Input,
    bool InputGrad, bool WeightGrad, bool GradEnabled, long ForwardMacs)
{
    /// <summary>FLOPs of the call forward and backward: 2 per multiply-add, once forward, once per gradient computed.</summary>
    public double Flops => 2.0 * ForwardMacs * (1 + (GradEnabled && InputGrad ? 1 : 0) + (GradEnabled && WeightGrad ? 1 : 0));
}

/// <summary>The layer calls of one recorded step.</summary>
public sealed class StepProfile : IDisposable
{
    private StepProfile(List<LayerCall> calls) => Calls = calls;

    /// <summary>Every leaf-layer call of the step, in order.</summary>
    public IReadOnlyList<LayerCall> Calls { get; }

    /// <summary>Convolution and linear FLOPs of the step, forward and backward.</summary>
    public double Flops => Calls.Sum(c => c.Flops);

    /// <summary>Runs one step of <paramref name="session"/> with every leaf layer of both networks recorded.</summary>
    internal static StepProfile Record(GanTrainingSession session)
    {
        var calls = new List<LayerCall>();
        var hooks = new List<nn.HookableModule<Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>, Func<nn.Module<Tensor, Tensor>, Tensor, Tensor, Tensor>>.HookRemover>();
        foreach (var (network, module) in new[] { ("G", session.Generator), ("D", session.Discriminator) })
        {
            foreach (var (name, child) in module.named_modules())
            {
                if (child.children().Any() || child is not nn.Module<Tensor, Tensor> leaf)
                {
                    continue;
                }

                hooks.Add(leaf.register_forward_hook((m, input, output) =>
                {
                    var weightGrad = m.parameters().Any(p => p.requires_grad);
                    calls.Add(new LayerCall(network, name, KindOf(m), m, input.detach().clone().DetachFromDisposeScope(),
                        input.requires_grad, weightGrad, is_grad_enabled(), ForwardMacs(m, input, output)));
                    return output;
                }));
            }
        }

        using (NewDisposeScope())
        {
            session.TrainStep(0, out _, out _, out _);
        }

        foreach (var hook in hooks)
        {
            hook.remove();
        }

        return new StepProfile(calls);
    }

    /// <summary>Replays every call alone: median forward ms and median backward ms (forward+backward minus forward).</summary>
    public IReadOnlyList<(LayerCall Call, double ForwardMs, double BackwardMs)> Replay(int runs)
    {
        var result = new List<(LayerCall, double, double)>();
        foreach (var call in Calls)
        {
            var saved = call.Module.parameters().Select(p => p.requires_grad).ToList();
            foreach (var p in call.Module.parameters())
            {
                p.requires_grad = call.WeightGrad;
            }

            var x = call.Input.is_floating_point() ? call.Input.detach().requires_grad_(call.InputGrad) : call.Input;
            var forward = Timing.MedianMs(() => Run(call, x, backward: false), runs);
            var both = call.GradEnabled ? Timing.MedianMs(() => Run(call, x, backward: true), runs) : forward;
            result.Add((call, forward, Math.Max(0, both - forward)));
            foreach (var (p, value) in call.Module.parameters().Zip(saved))
            {
                p.requires_grad = value;
            }
        }

        return result;
    }

    /// <summary>Median ms of a whole training step of <paramref name="session"/> (after one warm-up step).</summary>
    internal static double StepMs(GanTrainingSession session, int runs) =>
        Timing.MedianMs(() =>
        {
            using (NewDisposeScope())
            {
                session.TrainStep(0, out _, out _, out _);
            }
        }, runs);

    public void Dispose()
    {
        foreach (var call in Calls)
        {
            call.Input.Dispose();
        }
    }

    private static void Run(LayerCall call, Tensor x, bool backward)
    {
        using var scope = NewDisposeScope();
        using var grad = call.GradEnabled ? null : no_grad();
        var y = call.Module.call(x);
        if (backward && y.requires_grad)
        {
            y.backward(new[] { ones_like(y) });
        }
    }

    private static string KindOf(nn.Module module)
    {
        var type = module.GetType().Name;
        return type.Contains("ConvTranspose", StringComparison.Ordinal) ? "convT"
            : type.Contains("Conv", StringComparison.Ordinal) ? "conv"
            : type.Contains("Linear", StringComparison.Ordinal) ? "linear"
            : type;
    }

    // Multiply-adds of one forward: conv = outputs x (in x k x k); transposed conv = inputs x (out x k x k); linear = outputs x in.
    private static long ForwardMacs(nn.Module module, Tensor input, Tensor output)
    {
        var weight = module.named_parameters(recurse: false).FirstOrDefault(p => p.name is "weight" or "weight_orig").parameter;
        if (weight is null)
        {
            return 0;
        }

        return KindOf(module) switch
        {
            "conv" => output.numel() * (weight.numel() / weight.shape[0]),
            "convT" => input.numel() * (weight.numel() / weight.shape[0]),
            "linear" => output.numel() * weight.shape[1],
            _ => 0,
        };
    }
}
