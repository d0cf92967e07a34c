"""Produces the PyTorch reference fixtures for MLNet.Gan.Torch's nn layers, functional ops, losses and optimizers.

Run from the repository root:  /usr/bin/python3 tests/reference/nn_reference.py
Writes tests/MLNet.Gan.Torch.Tests/Fixtures/nn_{layers,functional,losses,optim,init}.safetensors.

Layer case `c` stores: c.input, c.param.<state key> (values loaded before the forward pass), c.output,
c.grad_output (the upstream gradient used for backward), c.grad.input, c.grad.<parameter name>,
c.after.<buffer> (buffers after the forward pass). Functional and loss cases store c.input (and c.target),
c.output, c.grad_output, c.grad.input. NNParityTests.cs builds the same modules by hand.
Init case `c` stores the tensor that torch.nn.init filled right after torch.manual_seed (InitParityTests.cs).
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "MLNet.Gan.Torch.Tests", "Fixtures")


def run_layer(store, name, module, x, train=True, int_input=False):
    """Runs one forward/backward of `module` on `x` and records everything under `name.`."""
    module.train(train)
    for key, value in module.state_dict().items():
        store[f"{name}.param.{key}"] = value.clone()
    if not int_input:
        x = x.clone().requires_grad_(True)
    store[f"{name}.input"] = x.detach().clone()
    y = module(x)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    store[f"{name}.output"] = y.detach()
    store[f"{name}.grad_output"] = g
    if not int_input:
        store[f"{name}.grad.input"] = x.grad
    for key, p in module.named_parameters():
        store[f"{name}.grad.{key}"] = p.grad
    for key, b in module.named_buffers():
        store[f"{name}.after.{key}"] = b.clone()


def layers():
    torch.manual_seed(1)
    s = {}
    run_layer(s, "linear", nn.Linear(5, 3), torch.randn(4, 5))
    run_layer(s, "linear_nobias", nn.Linear(5, 3, bias=False), torch.randn(2, 3, 5))
    run_layer(s, "conv2d", nn.Conv2d(3, 4, 3, stride=2, padding=1), torch.randn(2, 3, 7, 7))
    run_layer(s, "conv2d_nobias", nn.Conv2d(2, 3, 4, stride=1, padding=0, bias=False), torch.randn(1, 2, 6, 5))
    run_layer(s, "convt_k4s2p1", nn.ConvTranspose2d(4, 3, 4, stride=2, padding=1), torch.randn(2, 4, 5, 5))
    run_layer(s, "convt_k3s2p1op1", nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1), torch.randn(2, 3, 4, 4))
    run_layer(s, "convt_k4s1p0", nn.ConvTranspose2d(6, 4, 4, stride=1, padding=0, bias=False), torch.randn(3, 6, 1, 1))
    run_layer(s, "bn1d_train", nn.BatchNorm1d(4), torch.randn(6, 4) * 2 + 1)
    bn = nn.BatchNorm2d(3, eps=1e-3, momentum=0.2)
    with torch.no_grad():
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.uniform_(-0.5, 0.5)
        bn.running_mean.uniform_(-1, 1)
        bn.running_var.uniform_(0.5, 2)
        bn.num_batches_tracked.fill_(7)
    run_layer(s, "bn2d_train", bn, torch.randn(2, 3, 4, 4) * 3 - 1)
    bn_eval = nn.BatchNorm2d(3)
    with torch.no_grad():
        bn_eval.weight.uniform_(0.5, 1.5)
        bn_eval.bias.uniform_(-0.5, 0.5)
        bn_eval.running_mean.uniform_(-1, 1)
        bn_eval.running_var.uniform_(0.5, 2)
    run_layer(s, "bn2d_eval", bn_eval, torch.randn(2, 3, 4, 4), train=False)
    inorm = nn.InstanceNorm2d(3, affine=True)
    with torch.no_grad():
        inorm.weight.uniform_(0.5, 1.5)
        inorm.bias.uniform_(-0.5, 0.5)
    run_layer(s, "instancenorm_affine", inorm, torch.randn(2, 3, 5, 4))
    run_layer(s, "instancenorm", nn.InstanceNorm2d(2), torch.randn(2, 2, 3, 3))
    run_layer(s, "embedding", nn.Embedding(10, 4), torch.tensor([[1, 3, 3], [9, 0, 2]]), int_input=True)
    run_layer(s, "leakyrelu", nn.LeakyReLU(0.2), torch.randn(3, 5))
    run_layer(s, "relu", nn.ReLU(), torch.randn(3, 5))
    run_layer(s, "tanh", nn.Tanh(), torch.randn(3, 5))
    run_layer(s, "sigmoid", nn.Sigmoid(), torch.randn(3, 5))
    run_layer(s, "flatten", nn.Flatten(), torch.randn(2, 3, 2, 2))
    run_layer(s, "unflatten", nn.Unflatten(1, (3, 2, 2)), torch.randn(2, 12))
    run_layer(s, "sn_linear", nn.utils.spectral_norm(nn.Linear(6, 4)), torch.randn(3, 6))
    run_layer(s, "sn_conv2d", nn.utils.spectral_norm(nn.Conv2d(2, 3, 3, padding=1), n_power_iterations=2), torch.randn(2, 2, 4, 4))
    run_layer(s, "sn_convt", nn.utils.spectral_norm(nn.ConvTranspose2d(3, 2, 4, stride=2, padding=1)), torch.randn(2, 3, 3, 3))
    sn_eval = nn.utils.spectral_norm(nn.Linear(5, 3))
    sn_eval.train()
    sn_eval(torch.randn(1, 5))  # one training pass so u and v are not the initial ones
    run_layer(s, "sn_linear_eval", sn_eval, torch.randn(2, 5), train=False)
    # A small DCGAN generator and discriminator: composition and PyTorch's state-dict names.
    g = dcgan_generator()
    run_layer(s, "dcgan_g", g, torch.randn(4, 8, 1, 1))
    d = dcgan_discriminator()
    run_layer(s, "dcgan_d", d, torch.randn(4, 1, 8, 8))
    run_layer(s, "upsample_bilinear", nn.Upsample(scale_factor=2, mode="bilinear"), torch.randn(1, 2, 3, 3))
    run_layer(s, "upsample_nearest_size", nn.Upsample(size=(5, 4)), torch.randn(1, 2, 3, 3))
    run_layer(s, "pixelshuffle", nn.PixelShuffle(2), torch.randn(1, 8, 2, 3))
    run_layer(s, "pixelunshuffle", nn.PixelUnshuffle(2), torch.randn(1, 2, 4, 2))
    run_layer(s, "reflectionpad", nn.ReflectionPad2d(2), torch.randn(1, 2, 4, 3))
    run_layer(s, "zeropad", nn.ZeroPad2d(1), torch.randn(1, 2, 3, 3))
    meta = {
        "dcgan_g_state_names": json.dumps(list(g.state_dict().keys())),
        "dcgan_g_parameter_names": json.dumps([n for n, _ in g.named_parameters()]),
        "dcgan_d_state_names": json.dumps(list(d.state_dict().keys())),
        "dcgan_d_parameter_names": json.dumps([n for n, _ in d.named_parameters()]),
        "torch_version": torch.__version__,
    }
    return s, meta


def dcgan_generator():
    # (B, 8, 1, 1) -> (B, 4, 4, 4) -> (B, 1, 8, 8)
    return nn.Sequential(
        nn.ConvTranspose2d(8, 4, 4, 1, 0, bias=False), nn.BatchNorm2d(4), nn.ReLU(),
        nn.ConvTranspose2d(4, 1, 4, 2, 1, bias=False), nn.Tanh())


def dcgan_discriminator():
    # (B, 1, 8, 8) -> (B, 4, 4, 4) -> (B, 1)
    return nn.Sequential(
        nn.utils.spectral_norm(nn.Conv2d(1, 4, 4, 2, 1)), nn.LeakyReLU(0.2),
        nn.Conv2d(4, 8, 3, 1, 1, bias=False), nn.BatchNorm2d(8), nn.LeakyReLU(0.2),
        nn.Flatten(), nn.Linear(8 * 4 * 4, 1))


def run_fn(store, name, fn, x):
    x = x.clone().requires_grad_(True)
    store[f"{name}.input"] = x.detach().clone()
    y = fn(x)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    store[f"{name}.output"] = y.detach()
    store[f"{name}.grad_output"] = g
    store[f"{name}.grad.input"] = x.grad


def functional():
    torch.manual_seed(2)
    s = {}
    x = torch.randn(2, 3, 3, 4)
    run_fn(s, "up_nearest_x2", lambda t: F.interpolate(t, scale_factor=2, mode="nearest"), x)
    run_fn(s, "up_nearest_x1_5", lambda t: F.interpolate(t, scale_factor=1.5, mode="nearest"), x)
    run_fn(s, "up_nearest_size", lambda t: F.interpolate(t, size=(5, 7), mode="nearest"), x)
    run_fn(s, "up_bilinear_x2", lambda t: F.interpolate(t, scale_factor=2, mode="bilinear", align_corners=False), x)
    run_fn(s, "up_bilinear_size", lambda t: F.interpolate(t, size=(5, 7), mode="bilinear", align_corners=False), x)
    run_fn(s, "up_bilinear_size_ac", lambda t: F.interpolate(t, size=(5, 7), mode="bilinear", align_corners=True), x)
    run_fn(s, "pad_constant", lambda t: F.pad(t, (1, 2, 0, 1), mode="constant", value=0.5), x)
    run_fn(s, "pad_reflect", lambda t: F.pad(t, (2, 1, 1, 2), mode="reflect"), x)
    run_fn(s, "pad_replicate", lambda t: F.pad(t, (2, 1, 1, 2), mode="replicate"), x)
    run_fn(s, "pixel_shuffle", lambda t: F.pixel_shuffle(t, 2), torch.randn(2, 8, 3, 2))
    run_fn(s, "pixel_unshuffle", lambda t: F.pixel_unshuffle(t, 2), torch.randn(2, 2, 4, 6))
    run_fn(s, "leaky_relu", lambda t: F.leaky_relu(t, 0.1), torch.randn(4, 6))
    # Dropout draws from the same libtorch generator: seeded identically, the masks agree.
    torch.manual_seed(1234)
    run_fn(s, "dropout_seed1234", lambda t: F.dropout(t, 0.3, training=True), torch.ones(6, 7))
    return s


def run_loss(store, name, fn, x, target):
    x = x.clone().requires_grad_(True)
    store[f"{name}.input"] = x.detach().clone()
    store[f"{name}.target"] = target
    y = fn(x, target)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    store[f"{name}.output"] = y.detach()
    store[f"{name}.grad_output"] = g
    store[f"{name}.grad.input"] = x.grad


def losses():
    torch.manual_seed(3)
    s = {}
    logits = torch.randn(6, 1) * 4
    labels = (torch.rand(6, 1) > 0.5).float()
    for red in ("mean", "sum", "none"):
        run_loss(s, f"bce_logits_{red}", lambda x, t, r=red: F.binary_cross_entropy_with_logits(x, t, reduction=r), logits, labels)
    run_loss(s, "bce_logits_soft", lambda x, t: F.binary_cross_entropy_with_logits(x, t), logits, torch.rand(6, 1))
    run_loss(s, "bce_logits_full_09", lambda x, t: F.binary_cross_entropy_with_logits(x, t), logits, torch.full((6, 1), 0.9))
    run_loss(s, "bce_logits_full_0", lambda x, t: F.binary_cross_entropy_with_logits(x, t), logits, torch.zeros(6, 1))
    probs = torch.rand(5, 3) * 0.98 + 0.01
    run_loss(s, "bce", lambda x, t: F.binary_cross_entropy(x, t), probs, torch.rand(5, 3))
    a, b = torch.randn(4, 3), torch.randn(4, 3)
    run_loss(s, "mse", lambda x, t: F.mse_loss(x, t), a, b)
    run_loss(s, "mse_sum", lambda x, t: F.mse_loss(x, t, reduction="sum"), a, b)
    run_loss(s, "l1", lambda x, t: F.l1_loss(x, t), a, b)
    run_loss(s, "l1_none", lambda x, t: F.l1_loss(x, t, reduction="none"), a, b)
    run_loss(s, "cross_entropy", lambda x, t: F.cross_entropy(x, t), torch.randn(5, 4), torch.tensor([0, 3, 1, 1, 2]))
    run_loss(s, "cross_entropy_none", lambda x, t: F.cross_entropy(x, t, reduction="none"), torch.randn(5, 4), torch.tensor([2, 0, 3, 1, 2]))
    return s


OPTIMIZERS = {
    "adam": lambda ps: torch.optim.Adam(ps),
    "adam_dcgan_wd": lambda ps: torch.optim.Adam(ps, lr=2e-4, betas=(0.5, 0.999), weight_decay=0.01),
    "sgd": lambda ps: torch.optim.SGD(ps, lr=0.1),
    "sgd_momentum": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.001),
    "sgd_nesterov": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.01),
}
STEPS = 3


def optim():
    """Two parameters, three steps with stored gradients; parameter 1 has no gradient at step 1."""
    torch.manual_seed(4)
    s = {}
    init = [torch.randn(3, 4), torch.randn(4)]
    for i, p in enumerate(init):
        s[f"init.{i}"] = p
    grads = [[torch.randn(3, 4), torch.randn(4)] for _ in range(STEPS)]
    for k in range(STEPS):
        for i, g in enumerate(grads[k]):
            s[f"grad.{k}.{i}"] = g
    for name, make in OPTIMIZERS.items():
        ps = [p.clone().requires_grad_(True) for p in init]
        opt = make(ps)
        for k in range(STEPS):
            opt.zero_grad(set_to_none=True)
            for i, p in enumerate(ps):
                if not (k == 1 and i == 1):
                    p.grad = grads[k][i].clone()
            opt.step()
        for i, p in enumerate(ps):
            s[f"{name}.result.{i}"] = p.detach().clone()
    return s


INIT_CASES = [
    # name, seed, shape, init
    ("normal", 21, (32, 16), lambda t: nn.init.normal_(t, mean=0.5, std=2.0)),
    ("uniform", 22, (32, 16), lambda t: nn.init.uniform_(t, a=-3.0, b=1.0)),
    ("xavier_normal", 23, (8, 4, 3, 3), lambda t: nn.init.xavier_normal_(t)),
    ("xavier_normal_tanh", 24, (24, 16), lambda t: nn.init.xavier_normal_(t, gain=nn.init.calculate_gain("tanh"))),
    ("xavier_uniform", 25, (8, 4, 3, 3), lambda t: nn.init.xavier_uniform_(t)),
    ("kaiming_uniform", 26, (8, 4, 3, 3), lambda t: nn.init.kaiming_uniform_(t)),
    ("kaiming_uniform_leaky_fan_out", 27, (8, 4, 4, 4),
     lambda t: nn.init.kaiming_uniform_(t, a=0.2, mode="fan_out", nonlinearity="leaky_relu")),
    ("kaiming_uniform_relu", 28, (24, 16), lambda t: nn.init.kaiming_uniform_(t, nonlinearity="relu")),
    ("kaiming_normal_relu", 29, (8, 4, 3, 3), lambda t: nn.init.kaiming_normal_(t, nonlinearity="relu")),
]


def init():
    """Each init draws from the default generator just after manual_seed, so C# can repeat it exactly."""
    s = {}
    for name, seed, shape, fn in INIT_CASES:
        torch.manual_seed(seed)
        t = torch.empty(*shape)
        fn(t)
        s[name] = t
    return s


def main():
    os.makedirs(OUT, exist_ok=True)
    store, meta = layers()
    safetensors_io.save(os.path.join(OUT, "nn_layers.safetensors"), store, meta)
    safetensors_io.save(os.path.join(OUT, "nn_functional.safetensors"), functional(), {"torch_version": torch.__version__})
    safetensors_io.save(os.path.join(OUT, "nn_losses.safetensors"), losses(), {"torch_version": torch.__version__})
    safetensors_io.save(os.path.join(OUT, "nn_optim.safetensors"), optim(), {"torch_version": torch.__version__, "steps": str(STEPS)})
    safetensors_io.save(os.path.join(OUT, "nn_init.safetensors"), init(), {"torch_version": torch.__version__})


if __name__ == "__main__":
    main()
