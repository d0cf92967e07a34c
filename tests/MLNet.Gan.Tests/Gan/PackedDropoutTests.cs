// PackedDropout: nn.Dropout's maths with three 16-bit uniform parts per 48-bit draw; checked for its drop rate (overall and
// at each of the three parts), the scale of what it keeps, its gradient, evaluation mode, repeatability and bad p.
using MLNet.Gan.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class PackedDropoutTests
{
    private const int Count = 3 * 400_000;

    [TestMethod]
    [DataRow(0.3)]
    [DataRow(0.5)]
    [DataRow(0.05)]
    public void DropsAtRatePAndScalesTheRestSoTheExpectationHolds(double p)
    {
        random.manual_seed(7);
        using var dropout = new PackedDropout(p);
        using var scope = NewDisposeScope();
        var x = rand(Count) + 0.5; // no zeros of its own

        var y = dropout.call(x);

        Assert.AreEqual(Math.Round(p * 65536) / 65536, dropout.DropProbability, 1e-12);
        var dropped = y.eq(0);
        var sigma = Math.Sqrt(p * (1 - p) / Count);
        Assert.AreEqual(p, dropped.to(ScalarType.Float64).mean().item<double>(), 5 * sigma, "overall drop rate");

        // Each of the three 16-bit parts of a draw decides every third element: each must drop at rate p on its own.
        var byPart = dropped.reshape(-1, 3).to(ScalarType.Float64).mean([0]);
        for (var part = 0; part < 3; part++)
        {
            Assert.AreEqual(p, byPart[part].item<double>(), 5 * Math.Sqrt(3) * sigma, $"drop rate of part {part}");
        }

        // Neighbours (parts of one draw) drop independently: P(both) = p².
        var pairs = dropped.reshape(-1, 3);
        var both = pairs[.., 0].logical_and(pairs[.., 1]).to(ScalarType.Float64).mean().item<double>();
        Assert.AreEqual(p * p, both, 5 * Math.Sqrt(3 * p * p * (1 - (p * p)) / Count), "two parts of one draw both drop");

        var kept = y.masked_select(dropped.logical_not()) / x.masked_select(dropped.logical_not());
        var scale = 1 / (1 - dropout.DropProbability);
        Assert.AreEqual(scale, kept.min().item<float>(), scale * 1e-6);
        Assert.AreEqual(scale, kept.max().item<float>(), scale * 1e-6);
    }

    [TestMethod]
    public void TheGradientIsTheMaskTimesTheScale()
    {
        random.manual_seed(3);
        using var dropout = new PackedDropout(0.3);
        using var scope = NewDisposeScope();
        var x = (rand(4, 16, 5, 5) + 0.5).requires_grad_();

        var y = dropout.call(x);
        y.backward(new[] { ones_like(y) });

        var expected = y.detach() / x.detach(); // the mask times the scale
        Assert.IsTrue(x.grad!.allclose(expected, rtol: 1e-6, atol: 0), "dL/dx = mask / (1 - p)");
    }

    [TestMethod]
    public void BFloat16StaysBFloat16AndDropsAtRateP()
    {
        random.manual_seed(5);
        using var dropout = new PackedDropout(0.3);
        using var scope = NewDisposeScope();
        var x = (rand(Count) + 0.5).to(ScalarType.BFloat16);

        var y = dropout.call(x);

        Assert.AreEqual(ScalarType.BFloat16, y.dtype);
        Assert.AreEqual(0.3, y.eq(0).to(ScalarType.Float64).mean().item<double>(), 5 * Math.Sqrt(0.21 / Count));
    }

    [TestMethod]
    public void EvaluationModeIsTheIdentityAndSurvivesASequential()
    {
        using var net = nn.Sequential(new PackedDropout(0.3), nn.Identity());
        net.eval();
        using var scope = NewDisposeScope();
        var x = rand(2, 8);

        var y = net.call(x);

        Assert.IsTrue(y.allclose(x, rtol: 0, atol: 0));
        Assert.IsTrue(x.IsInvalid == false && x.sum().item<float>() > 0, "the input is still usable after the Sequential disposed its intermediates");
    }

    [TestMethod]
    public void TheSameSeedGivesTheSameMaskAndTheNextCallAnother()
    {
        using var dropout = new PackedDropout(0.5);
        using var scope = NewDisposeScope();
        var x = ones(10_000);

        random.manual_seed(11);
        var first = dropout.call(x);
        var second = dropout.call(x);
        random.manual_seed(11);
        var again = dropout.call(x);

        Assert.IsTrue(first.allclose(again, rtol: 0, atol: 0), "manual_seed makes the mask repeatable");
        Assert.IsFalse(first.allclose(second, rtol: 0, atol: 0), "successive calls draw new masks");
    }

    [TestMethod]
    [DataRow(-0.1)]
    [DataRow(1.0)]
    [DataRow(double.NaN)]
    public void AProbabilityOutsideZeroToOneIsRefused(double p)
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PackedDropout(p));

        Assert.AreEqual("p", e.ParamName);
    }
}
