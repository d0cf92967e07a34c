// The same two training steps written in plain TorchSharp, as a user would write them without the library:
// the default conditional DCGAN (D + G + EMA) and the TensorFlow tutorial's DCGAN. Same engine, no trainer.
using System.Diagnostics;
using MLNet.Gan.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLNet.Gan.Benchmarks;

/// <summary>Plain TorchSharp training loops timed step by step.</summary>
public static class PlainTorchSharp
{
    /// <summary>ms per step of the default cGAN (28 px, width 32, latent 64, 10 classes) at <paramref name="batch"/>.</summary>
    public static double DefaultCganStepMs(int batch, int steps, int warmup = 5)
    {
        random.manual_seed(1);
        var shape = new ImageShape(1, 28, 28);
        var g = new PlainCganGenerator();
        var d = new PlainCganDiscriminator();
        var ema = new PlainCganGenerator();
        ema.load_state_dict(g.state_dict());
        ema.eval();
        using var optG = optim.Adam(g.parameters(), 2e-4, 0.5, 0.999);
        using var optD = optim.Adam(d.parameters(), 2e-4, 0.5, 0.999);
        var data = rand(batch * 8, 1, 28, 28) * 2 - 1;
        var labels = arange(batch * 8) % 10;
        var emaParams = ema.parameters().Zip(g.parameters()).ToList();
        var emaBuffers = ema.buffers().Zip(g.buffers()).ToList();

        void Step(int i)
        {
            using var scope = NewDisposeScope();
            var idx = randperm(data.shape[0]).narrow(0, 0, batch);
            var real = data.index_select(0, idx);
            var y = labels.index_select(0, idx);
            foreach (var p in d.parameters())
            {
                p.requires_grad = true;
            }

            Tensor fake;
            using (no_grad())
            {
                fake = g.call(randn(batch, 64), y);
            }

            var lossD = F.binary_cross_entropy_with_logits(d.call(real, y), ones(batch)) +
                        F.binary_cross_entropy_with_logits(d.call(fake, y), zeros(batch));
            optD.zero_grad();
            lossD.backward();
            optD.step();
            foreach (var p in d.parameters())
            {
                p.requires_grad = false;
            }

            var lossG = F.binary_cross_entropy_with_logits(d.call(g.call(randn(batch, 64), y), y), ones(batch));
            optG.zero_grad();
            lossG.backward();
            optG.step();
            var decay = Math.Min(0.999, (1.0 + i) / (10.0 + i));
            using (no_grad())
            {
                foreach (var (pe, p) in emaParams)
                {
                    pe.mul_(decay).add_(p, alpha: 1 - decay);
                }

                foreach (var (be, b) in emaBuffers)
                {
                    be.copy_(b);
                }
            }

            _ = lossD.item<float>() + lossG.item<float>();
        }

        return Time(Step, steps, warmup);
    }

    /// <summary>ms per step of the TF tutorial's DCGAN (batch 256 by default, Adam 1e-4, BCE).</summary>
    public static double TutorialStepMs(int batch, int steps, int warmup = 3)
    {
        random.manual_seed(1);
        var g = new TutorialGenerator();
        var d = new TutorialDiscriminator();
        using var optG = optim.Adam(g.parameters(), 1e-4);
        using var optD = optim.Adam(d.parameters(), 1e-4);
        var data = rand(batch * 4, 1, 28, 28) * 2 - 1;

        void Step(int i)
        {
            using var scope = NewDisposeScope();
            var real = data.index_select(0, randperm(data.shape[0]).narrow(0, 0, batch));
            var fake = g.call(randn(batch, 100));
            var lossD = F.binary_cross_entropy_with_logits(d.call(real), ones(batch, 1)) +
                        F.binary_cross_entropy_with_logits(d.call(fake.detach()), zeros(batch, 1));
            optD.zero_grad();
            lossD.backward();
            optD.step();
            var lossG = F.binary_cross_entropy_with_logits(d.call(fake), ones(batch, 1));
            optG.zero_grad();
            lossG.backward();
            optG.step();
            _ = lossD.item<float>() + lossG.item<float>();
        }

        return Time(Step, steps, warmup);
    }

    private static double Time(Action<int> step, int steps, int warmup)
    {
        for (var i = 0; i < warmup; i++)
        {
            step(i);
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++)
        {
            step(warmup + i);
        }

        return clock.Elapsed.TotalMilliseconds / steps;
    }

    private sealed class PlainCganGenerator : nn.Module<Tensor, Tensor, Tensor>
    {
        private readonly Embedding embedding = nn.Embedding(10, 32);
        private readonly Sequential project = nn.Sequential(
            nn.Linear(64 + 32, 64 * 49, hasBias: false), nn.BatchNorm1d(64 * 49), nn.ReLU(), nn.Unflatten(1, new long[] { 64, 7, 7 }));
        private readonly Sequential body = nn.Sequential(
            nn.ConvTranspose2d(64, 32, 4, stride: 2, padding: 1, bias: false), nn.BatchNorm2d(32), nn.ReLU(),
            nn.ConvTranspose2d(32, 1, 4, stride: 2, padding: 1), nn.Tanh());

        public PlainCganGenerator()
            : base(nameof(PlainCganGenerator)) => RegisterComponents();

        public override Tensor forward(Tensor z, Tensor y) => body.call(project.call(cat(new[] { z, embedding.call(y) }, 1)));
    }

    private sealed class PlainCganDiscriminator : nn.Module<Tensor, Tensor, Tensor>
    {
        private readonly Sequential body = nn.Sequential(
            nn.Conv2d(1, 32, 4, stride: 2, padding: 1), nn.LeakyReLU(0.2),
            nn.Conv2d(32, 64, 4, stride: 2, padding: 1, bias: false), nn.BatchNorm2d(64), nn.LeakyReLU(0.2), nn.Flatten());
        private readonly Linear head = nn.Linear(64 * 49, 1);
        private readonly Embedding projection = nn.Embedding(10, 64 * 49);

        public PlainCganDiscriminator()
            : base(nameof(PlainCganDiscriminator)) => RegisterComponents();

        public override Tensor forward(Tensor x, Tensor y)
        {
            var h = body.call(x);
            return head.call(h).squeeze(1) + (projection.call(y) * h).sum(1);
        }
    }
}
