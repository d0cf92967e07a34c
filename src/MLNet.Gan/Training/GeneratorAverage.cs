// Exponential moving average of the generator's weights, used for generation.
using MLNet.Gan.Torch;
using MLNet.Gan.Torch.NN;

namespace MLNet.Gan.Training;

/// <summary>Keeps ema = d * ema + (1 - d) * weights after every generator step; buffers are copied.</summary>
internal sealed class GeneratorAverage
{
    private readonly List<(Tensor Average, Tensor Live)> _parameters;
    private readonly List<(Tensor Average, Tensor Live)> _buffers;

    public GeneratorAverage(Module average, Module live, double decay)
    {
        Average = average;
        Decay = decay;
        var liveParams = live.NamedParameters().ToDictionary(p => p.Name, p => p.Value);
        var liveBuffers = live.NamedBuffers().ToDictionary(p => p.Name, p => p.Value);
        _parameters = average.NamedParameters().Select(p => (p.Value, liveParams[p.Name])).ToList();
        _buffers = average.NamedBuffers().Select(p => (p.Value, liveBuffers[p.Name])).ToList();
        foreach (var (avg, src) in _parameters.Concat(_buffers))
        {
            avg.CopyFrom(src);
        }

        foreach (var p in average.Parameters())
        {
            p.RequiresGrad = false;
        }

        average.Eval();
    }

    public Module Average { get; }

    public double Decay { get; }

    /// <summary>Blends the live weights in. Early steps use a smaller decay so the average warms up quickly.</summary>
    public void Update(long step)
    {
        var d = Math.Min(Decay, (1.0 + step) / (10.0 + step));
        foreach (var (avg, live) in _parameters)
        {
            avg.MulInPlace(d).AddInPlace(live, 1 - d);
        }

        foreach (var (avg, live) in _buffers)
        {
            avg.CopyFrom(live);
        }
    }
}
