// Every layer, functional op and loss against PyTorch 1.13 (fixtures from tests/reference/nn_reference.py).
using System.Text.Json;
using MLNet.Gan.Torch.NN;

namespace MLNet.Gan.Torch.Tests;

[TestClass]
public sealed class NNParityTests
{
    private const double Tol = 1e-5;
    private const double ConvTol = 1e-4;
    private static readonly Lazy<ParityFixture> s_layers = new(() => new ParityFixture("nn_layers.safetensors"));
    private static readonly Lazy<ParityFixture> s_functional = new(() => new ParityFixture("nn_functional.safetensors"));
    private static readonly Lazy<ParityFixture> s_losses = new(() => new ParityFixture("nn_losses.safetensors"));

    /// <summary>The same modules nn_reference.py builds, constructed with this library.</summary>
    private static (Module Module, bool Train, double Tolerance) Build(string name) => name switch
    {
        "linear" => (new Linear(5, 3), true, Tol),
        "linear_nobias" => (new Linear(5, 3, bias: false), true, Tol),
        "conv2d" => (new Conv2d(3, 4, 3, stride: 2, padding: 1), true, ConvTol),
        "conv2d_nobias" => (new Conv2d(2, 3, 4, bias: false), true, ConvTol),
        "convt_k4s2p1" => (new ConvTranspose2d(4, 3, 4, stride: 2, padding: 1), true, ConvTol),
        "convt_k3s2p1op1" => (new ConvTranspose2d(3, 2, 3, stride: 2, padding: 1, outputPadding: 1), true, ConvTol),
        "convt_k4s1p0" => (new ConvTranspose2d(6, 4, 4, bias: false), true, ConvTol),
        "bn1d_train" => (new BatchNorm1d(4), true, Tol),
        "bn2d_train" => (new BatchNorm2d(3, eps: 1e-3, momentum: 0.2), true, Tol),
        "bn2d_eval" => (new BatchNorm2d(3), false, Tol),
        "instancenorm_affine" => (new InstanceNorm2d(3, affine: true), true, Tol),
        "instancenorm" => (new InstanceNorm2d(2), true, Tol),
        "embedding" => (new Embedding(10, 4), true, Tol),
        "leakyrelu" => (new LeakyReLU(0.2), true, Tol),
        "relu" => (new ReLU(), true, Tol),
        "tanh" => (new Tanh(), true, Tol),
        "sigmoid" => (new Sigmoid(), true, Tol),
        "flatten" => (new Flatten(), true, Tol),
        "unflatten" => (new Unflatten(1, new long[] { 3, 2, 2 }), true, Tol),
        "sn_linear" => (new SpectralNorm(new Linear(6, 4)), true, Tol),
        "sn_conv2d" => (new SpectralNorm(new Conv2d(2, 3, 3, padding: 1), powerIterations: 2), true, ConvTol),
        "sn_convt" => (new SpectralNorm(new ConvTranspose2d(3, 2, 4, stride: 2, padding: 1)), true, ConvTol),
        "sn_linear_eval" => (new SpectralNorm(new Linear(5, 3)), false, Tol),
        "dcgan_g" => (DcganGenerator(), true, ConvTol),
        "dcgan_d" => (DcganDiscriminator(), true, ConvTol),
        "upsample_bilinear" => (new Upsample(2.0, UpsampleMode.Bilinear), true, Tol),
        "upsample_nearest_size" => (new Upsample(5, 4), true, Tol),
        "pixelshuffle" => (new PixelShuffle(2), true, Tol),
        "pixelunshuffle" => (new PixelUnshuffle(2), true, Tol),
        "reflectionpad" => (new Pad2d(2), true, Tol),
        "zeropad" => (new Pad2d(1, PadMode.Constant), true, Tol),
        _ => throw new ArgumentException("unknown case " + name),
    };

    // (B, 8, 1, 1) -> (B, 4, 4, 4) -> (B, 1, 8, 8)
    private static Sequential DcganGenerator() => new(
        new ConvTranspose2d(8, 4, 4, 1, 0, bias: false), new BatchNorm2d(4), new ReLU(),
        new ConvTranspose2d(4, 1, 4, 2, 1, bias: false), new Tanh());

    // (B, 1, 8, 8) -> (B, 4, 4, 4) -> (B, 1)
    private static Sequential DcganDiscriminator() => new(
        new SpectralNorm(new Conv2d(1, 4, 4, 2, 1)), new LeakyReLU(0.2),
        new Conv2d(4, 8, 3, 1, 1, bias: false), new BatchNorm2d(8), new LeakyReLU(0.2),
        new Flatten(), new Linear(8 * 4 * 4, 1));

    [TestMethod]
    [DataRow("linear")]
    [DataRow("linear_nobias")]
    [DataRow("conv2d")]
    [DataRow("conv2d_nobias")]
    [DataRow("convt_k4s2p1")]
    [DataRow("convt_k3s2p1op1")]
    [DataRow("convt_k4s1p0")]
    [DataRow("bn1d_train")]
    [DataRow("bn2d_train")]
    [DataRow("bn2d_eval")]
    [DataRow("instancenorm_affine")]
    [DataRow("instancenorm")]
    [DataRow("embedding")]
    [DataRow("leakyrelu")]
    [DataRow("relu")]
    [DataRow("tanh")]
    [DataRow("sigmoid")]
    [DataRow("flatten")]
    [DataRow("unflatten")]
    [DataRow("sn_linear")]
    [DataRow("sn_conv2d")]
    [DataRow("sn_convt")]
    [DataRow("sn_linear_eval")]
    [DataRow("dcgan_g")]
    [DataRow("dcgan_d")]
    [DataRow("upsample_bilinear")]
    [DataRow("upsample_nearest_size")]
    [DataRow("pixelshuffle")]
    [DataRow("pixelunshuffle")]
    [DataRow("reflectionpad")]
    [DataRow("zeropad")]
    public void LayerMatchesPyTorch(string name)
    {
        var f = s_layers.Value;
        using var scope = Torch.NewScope();
        var (module, train, tol) = Build(name);
        using var _ = module;
        var state = f.Section(name + ".param");
        CollectionAssert.AreEquivalent(state.Keys.ToList(), module.StateDict().Keys.ToList(), $"{name}: state-dict names differ from PyTorch's");
        module.LoadStateDict(state);
        module.Train(train);

        var input = f[name + ".input"].Clone();
        var isFloat = input.Dtype == ScalarType.Float32;
        if (isFloat)
        {
            input.RequiresGrad = true;
        }

        var output = module.Forward(input);
        ParityAssert.Close(f[name + ".output"], output, tol, $"{name} output");
        (output * f[name + ".grad_output"]).Sum().Backward();
        if (isFloat)
        {
            ParityAssert.Close(f[name + ".grad.input"], input.Grad, tol, $"{name} input gradient");
        }

        var grads = f.Section(name + ".grad").Keys.Where(k => k != "input").ToList();
        CollectionAssert.AreEquivalent(grads, module.NamedParameters().Select(p => p.Name).ToList(), $"{name}: parameter names differ");
        foreach (var (pname, p) in module.NamedParameters())
        {
            ParityAssert.Close(f[$"{name}.grad.{pname}"], p.Grad, tol, $"{name} gradient of {pname}");
        }

        foreach (var (bname, b) in module.NamedBuffers())
        {
            ParityAssert.Close(f[$"{name}.after.{bname}"], b, tol, $"{name} buffer {bname} after the forward pass");
        }
    }

    [TestMethod]
    public void DcganStateDictNamesEqualPyTorchsInOrder()
    {
        var meta = s_layers.Value.Metadata;
        using var g = DcganGenerator();
        using var d = DcganDiscriminator();
        CollectionAssert.AreEqual(Names(meta["dcgan_g_parameter_names"]), g.NamedParameters().Select(p => p.Name).ToList());
        CollectionAssert.AreEqual(Names(meta["dcgan_d_parameter_names"]), d.NamedParameters().Select(p => p.Name).ToList());
        CollectionAssert.AreEquivalent(Names(meta["dcgan_g_state_names"]), g.StateDict().Keys.ToList());
        CollectionAssert.AreEquivalent(Names(meta["dcgan_d_state_names"]), d.StateDict().Keys.ToList());
    }

    private static List<string> Names(string json) => JsonSerializer.Deserialize<List<string>>(json)!;

    [TestMethod]
    [DataRow("up_nearest_x2")]
    [DataRow("up_nearest_x1_5")]
    [DataRow("up_nearest_size")]
    [DataRow("up_bilinear_x2")]
    [DataRow("up_bilinear_size")]
    [DataRow("up_bilinear_size_ac")]
    [DataRow("pad_constant")]
    [DataRow("pad_reflect")]
    [DataRow("pad_replicate")]
    [DataRow("pixel_shuffle")]
    [DataRow("pixel_unshuffle")]
    [DataRow("leaky_relu")]
    [DataRow("dropout_seed1234")]
    public void FunctionalOpMatchesPyTorch(string name)
    {
        Func<Tensor, Tensor> op = name switch
        {
            "up_nearest_x2" => x => Functional.Upsample(x, 2.0),
            "up_nearest_x1_5" => x => Functional.Upsample(x, 1.5),
            "up_nearest_size" => x => Functional.Upsample(x, 5, 7),
            "up_bilinear_x2" => x => Functional.Upsample(x, 2.0, UpsampleMode.Bilinear),
            "up_bilinear_size" => x => Functional.Upsample(x, 5, 7, UpsampleMode.Bilinear),
            "up_bilinear_size_ac" => x => Functional.Upsample(x, 5, 7, UpsampleMode.Bilinear, alignCorners: true),
            "pad_constant" => x => Functional.Pad(x, new long[] { 1, 2, 0, 1 }, PadMode.Constant, 0.5),
            "pad_reflect" => x => Functional.Pad(x, new long[] { 2, 1, 1, 2 }, PadMode.Reflect),
            "pad_replicate" => x => Functional.Pad(x, new long[] { 2, 1, 1, 2 }, PadMode.Replicate),
            "pixel_shuffle" => x => Functional.PixelShuffle(x, 2),
            "pixel_unshuffle" => x => Functional.PixelUnshuffle(x, 2),
            "leaky_relu" => x => Functional.LeakyRelu(x, 0.1),
            "dropout_seed1234" => x =>
            {
                Torch.ManualSeed(1234);
                return Functional.Dropout(x, 0.3, training: true);
            },
            _ => throw new ArgumentException("unknown case " + name),
        };
        CheckOp(s_functional.Value, name, x => op(x));
    }

    [TestMethod]
    [DataRow("bce_logits_mean")]
    [DataRow("bce_logits_sum")]
    [DataRow("bce_logits_none")]
    [DataRow("bce_logits_soft")]
    [DataRow("bce_logits_full_09")]
    [DataRow("bce_logits_full_0")]
    [DataRow("bce")]
    [DataRow("mse")]
    [DataRow("mse_sum")]
    [DataRow("l1")]
    [DataRow("l1_none")]
    [DataRow("cross_entropy")]
    [DataRow("cross_entropy_none")]
    public void LossMatchesPyTorch(string name)
    {
        var f = s_losses.Value;
        var t = f[name + ".target"];
        Func<Tensor, Tensor> loss = name switch
        {
            "bce_logits_mean" or "bce_logits_soft" => x => Losses.BinaryCrossEntropyWithLogits(x, t),
            "bce_logits_sum" => x => Losses.BinaryCrossEntropyWithLogits(x, t, Reduction.Sum),
            "bce_logits_none" => x => Losses.BinaryCrossEntropyWithLogits(x, t, Reduction.None),
            "bce_logits_full_09" => x => Losses.BinaryCrossEntropyWithLogits(x, 0.9),
            "bce_logits_full_0" => x => Losses.BinaryCrossEntropyWithLogits(x, 0.0),
            "bce" => x => Losses.BinaryCrossEntropy(x, t),
            "mse" => x => Losses.MseLoss(x, t),
            "mse_sum" => x => Losses.MseLoss(x, t, Reduction.Sum),
            "l1" => x => Losses.L1Loss(x, t),
            "l1_none" => x => Losses.L1Loss(x, t, Reduction.None),
            "cross_entropy" => x => Losses.CrossEntropy(x, t),
            "cross_entropy_none" => x => Losses.CrossEntropy(x, t, Reduction.None),
            _ => throw new ArgumentException("unknown case " + name),
        };
        CheckOp(f, name, loss);
    }

    private static void CheckOp(ParityFixture f, string name, Func<Tensor, Tensor> op)
    {
        using var scope = Torch.NewScope();
        var x = f[name + ".input"].Clone().RequiresGrad_();
        var y = op(x);
        ParityAssert.Close(f[name + ".output"], y, Tol, $"{name} output");
        (y * f[name + ".grad_output"]).Sum().Backward();
        ParityAssert.Close(f[name + ".grad.input"], x.Grad, Tol, $"{name} input gradient");
    }
}
