// Exponential moving average of the generator's weights, used for generation.
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Training;

/// <summary>Keeps ema = d * ema + (1 - d) * weights after every generator step; buffers are copied.</summary>
internal sealed class GeneratorAverage
{
    private readonly List<(Tensor Average, Tensor Live)> _parameters;
    private readonly List<(Tensor Average, Tensor Live)> _buffers;

    public GeneratorAverage(nn.Module<Tensor, Tensor> average, nn.Module<Tensor, Tensor> live, double decay)
    {
        Average = average;
        Decay = decay;
        var liveParams = live.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var liveBuffers = live.named_buffers().ToDictionary(p => p.name, p => p.buffer);
        _parameters = average.named_parameters().Select(p => ((Tensor)p.parameter, liveParams[p.name])).ToList();
        _buffers = average.named_buffers().Select(p => (p.buffer, liveBuffers[p.name])).ToList();
        using (no_grad())
        {
            foreach (var (avg, src) in _parameters.Concat(_buffers))
            {
                avg.copy_(src);
            }
        }

        foreach (var p in average.parameters())
        {
            p.requires_grad = false;
        }

        average.eval();
    }

    public nn.Module<Tensor, Tensor> Average { get; }

    public double Decay { get; }

    /// <summary>Blends the live weights in. Early steps use a smaller decay so the average warms up quickly.</summary>
    public void Update(long step)
    {
        var d = Math.Min(Decay, (1.0 + step) / (10.0 + step));
        using var noGrad = no_grad();
        foreach (var (avg, live) in _parameters)
        {
            avg.mul_(d).add_(live, alpha: 1 - d);
        }

        foreach (var (avg, live) in _buffers)
        {
            avg.copy_(live);
        }
    }
}
