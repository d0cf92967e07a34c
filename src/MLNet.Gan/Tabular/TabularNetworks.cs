// CTGAN's networks: a generator of residual fully connected layers (each concatenates its input to its output) over
// [z, conditional vector], and a packed discriminator (PacGAN) that judges pac rows at a time, with dropout.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.Gan.Tabular;

/// <summary>Linear, batch norm and ReLU, with the input concatenated to the output: (B, in) -> (B, in + out).</summary>
internal sealed class ResidualLayer : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc;
    private readonly BatchNorm1d bn;

    public ResidualLayer(int inputs, int outputs)
        : base(nameof(ResidualLayer))
    {
        fc = nn.Linear(inputs, outputs);
        bn = nn.BatchNorm1d(outputs);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => cat(new[] { nn.functional.relu(bn.call(fc.call(x))), x }, 1);
}

/// <summary>[z, cond] (B, latent + cond) -> raw outputs (B, encoded width): values before tanh, one-hot parts before softmax.</summary>
internal sealed class TabularGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential body;

    public TabularGenerator(int inputs, IReadOnlyList<int> layers, int outputs)
        : base(nameof(TabularGenerator))
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        var width = inputs;
        for (var i = 0; i < layers.Count; i++)
        {
            modules.Add(($"residual{i}", new ResidualLayer(width, layers[i])));
            width += layers[i];
        }

        modules.Add(("output", nn.Linear(width, outputs)));
        body = nn.Sequential(modules);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => body.call(input);
}

/// <summary>Rows [encoded, cond] (B, width) -> one score per pack of pac rows (B / pac, 1), a WGAN critic.</summary>
internal sealed class TabularDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential body;
    private readonly int _packedWidth;

    public TabularDiscriminator(int width, IReadOnlyList<int> layers, int pac)
        : base(nameof(TabularDiscriminator))
    {
        _packedWidth = width * pac;
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        var inputs = _packedWidth;
        for (var i = 0; i < layers.Count; i++)
        {
            modules.Add(($"linear{i}", nn.Linear(inputs, layers[i])));
            modules.Add(($"act{i}", nn.LeakyReLU(0.2)));
            modules.Add(($"dropout{i}", nn.Dropout(0.5)));
            inputs = layers[i];
        }

        modules.Add(("output", nn.Linear(inputs, 1)));
        body = nn.Sequential(modules);
        RegisterComponents();
    }

    public override Tensor forward(Tensor rows) => body.call(rows.reshape(-1, _packedWidth)); // (B, W) -> (B / pac, pac * W) -> (B / pac, 1)
}
