"""Reference values for the C# tensor layer, computed by PyTorch (same libtorch 1.13).

  /usr/bin/python3 tests/reference/ops_reference.py            writes the two fixtures below
  /usr/bin/python3 tests/reference/ops_reference.py verify     checks csharp_written.safetensors
  /usr/bin/python3 tests/reference/ops_reference.py verify F   checks F, another file that CSharpWrittenFixture.cs wrote

ops_reference.safetensors: for every case, its seeded inputs (<case>/in.<name>), outputs (<case>/out.<i>)
and, when an output is differentiable, random weights (<case>/w.<i>) and the gradients of
sum(out * w) with respect to each floating input (<case>/grad.<name>). OpsCases.cs mirrors the cases.
ops_autograd.safetensors: a WGAN-GP gradient penalty through a small critic and its weight gradients.
ops_python_written.safetensors: arange-based tensors of several dtypes plus metadata for the reader test.
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import load, save  # noqa: E402

FIXTURES = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "MLNet.Gan.Torch.Tests", "Fixtures"))

g = torch.Generator().manual_seed(20261122)
CASES = []


def randn(*s):
    return torch.randn(s, generator=g)


def pos(*s):  # strictly positive, for log/sqrt/pow bases
    return torch.rand(s, generator=g) + 0.5


def grid(*s):  # integer-valued floats, so comparisons meet equal values
    return torch.round(randn(*s) * 1.5)


def ints(lo, hi, *s):
    return torch.randint(lo, hi, s, generator=g)


def mask(*s):
    return torch.rand(s, generator=g) > 0.5


def case(name, fn, **inputs):
    CASES.append((name, inputs, fn))


def special():
    return torch.tensor([float("nan"), float("inf"), -float("inf"), 0.0, 1.5, -2.0])


# ---- unary ----
for op, fn, make in [
    ("neg", torch.neg, randn), ("exp", torch.exp, randn), ("log", torch.log, pos), ("sqrt", torch.sqrt, pos),
    ("rsqrt", torch.rsqrt, pos), ("abs", torch.abs, randn), ("sign", torch.sign, randn),
    ("floor", lambda t: torch.floor(t * 3), randn), ("ceil", lambda t: torch.ceil(t * 3), randn),
    ("round", lambda t: torch.round(t * 3), randn), ("trunc", lambda t: torch.trunc(t * 3), randn),
    ("relu", torch.relu, randn), ("sigmoid", torch.sigmoid, randn), ("tanh", torch.tanh, randn),
    ("softplus", F.softplus, randn), ("log_sigmoid", F.logsigmoid, randn), ("sin", torch.sin, randn),
    ("cos", torch.cos, randn), ("square", torch.square, randn), ("reciprocal", torch.reciprocal, pos),
    ("log1p", torch.log1p, pos), ("expm1", torch.expm1, randn), ("gelu", F.gelu, randn), ("silu", F.silu, randn),
    ("erf", torch.erf, randn), ("log2", torch.log2, pos),
]:
    case("unary." + op, (lambda f: lambda a: f(a["x"]))(fn), x=make(3, 4))
case("unary.isnan", lambda a: torch.isnan(a["x"]), x=special())
case("unary.isfinite", lambda a: torch.isfinite(a["x"]), x=special())
case("unary.logical_not", lambda a: torch.logical_not(a["m"]), m=mask(3, 4))

# ---- binary (tensor, tensor) with broadcasting (3, 4) x (4,) ----
for op, fn in [("add", torch.add), ("sub", torch.sub), ("mul", torch.mul), ("maximum", torch.maximum),
               ("minimum", torch.minimum), ("atan2", torch.atan2)]:
    case("binary." + op, (lambda f: lambda a: f(a["x"], a["y"]))(fn), x=randn(3, 4), y=randn(4))
case("binary.div", lambda a: a["x"] / a["y"], x=randn(3, 4), y=pos(3, 4))
case("binary.pow", lambda a: torch.pow(a["x"], a["y"]), x=pos(3, 4), y=randn(3, 4))
case("binary.remainder", lambda a: torch.remainder(a["x"], a["y"]), x=randn(3, 4) * 3, y=pos(3, 4))
for op, fn in [("eq", torch.eq), ("ne", torch.ne), ("lt", torch.lt), ("le", torch.le), ("gt", torch.gt),
               ("ge", torch.ge)]:
    case("compare." + op, (lambda f: lambda a: f(a["x"], a["y"]))(fn), x=grid(3, 4), y=grid(3, 4))
    case("compare_scalar." + op, (lambda f: lambda a: f(a["x"], 1.0))(fn), x=grid(3, 4))
case("logical.and", lambda a: torch.logical_and(a["m"], a["n"]), m=mask(3, 4), n=mask(3, 4))
case("logical.or", lambda a: torch.logical_or(a["m"], a["n"]), m=mask(3, 4), n=mask(3, 4))

# ---- scalar forms and operators ----
case("scalar.add", lambda a: a["x"] + 2.5, x=randn(3, 4))
case("scalar.radd", lambda a: 2.5 + a["x"], x=randn(3, 4))
case("scalar.sub", lambda a: a["x"] - 1.5, x=randn(3, 4))
case("scalar.rsub", lambda a: 1.5 - a["x"], x=randn(3, 4))
case("scalar.mul", lambda a: a["x"] * -3.0, x=randn(3, 4))
case("scalar.rmul", lambda a: 0.5 * a["x"], x=randn(3, 4))
case("scalar.div", lambda a: a["x"] / 4.0, x=randn(3, 4))
case("scalar.rdiv", lambda a: 2.0 / a["x"], x=pos(3, 4))
case("scalar.pow", lambda a: a["x"].pow(2.5), x=pos(3, 4))
case("scalar.clamp_min", lambda a: a["x"].clamp_min(0.1), x=randn(3, 4))
case("scalar.clamp_max", lambda a: a["x"].clamp_max(-0.2), x=randn(3, 4))
case("scalar.remainder", lambda a: torch.remainder(a["x"], 1.5), x=randn(3, 4) * 3)
case("scalar.add_int", lambda a: a["i"] + 3, i=ints(-5, 5, 3, 4))
case("scalar.mul_int_fraction", lambda a: a["i"] * 0.5, i=ints(-5, 5, 3, 4))
case("scalar.div_int", lambda a: a["i"] / 2, i=ints(-5, 5, 3, 4))
case("scalar.remainder_int", lambda a: a["i"] % 3, i=ints(-5, 5, 3, 4))
case("scalar.bool_plus_one", lambda a: a["m"] + 1, m=mask(4))
case("binary.add_int", lambda a: a["i"] + a["j"], i=ints(-5, 5, 3, 4), j=ints(-5, 5, 4))
case("binary.mixed_promotes", lambda a: a["i"] * a["x"], i=ints(-5, 5, 3, 4), x=randn(3, 4))
case("binary.f64", lambda a: (a["x"] * a["y"]).exp(), x=randn(2, 3).double(), y=randn(2, 3).double())
case("op.neg", lambda a: -a["x"], x=randn(3, 4))
case("op.chain", lambda a: (a["x"] * a["y"] - a["x"] / 2.0 + 1.0) * a["y"], x=randn(2, 3), y=randn(2, 3))

# ---- reductions ----
R = dict(x=randn(2, 3, 4))
case("reduce.sum", lambda a: a["x"].sum(), **R)
case("reduce.sum_dim", lambda a: a["x"].sum([1]), x=randn(2, 3, 4))
case("reduce.sum_dims_keep", lambda a: a["x"].sum([0, 2], keepdim=True), x=randn(2, 3, 4))
case("reduce.mean", lambda a: a["x"].mean(), x=randn(2, 3, 4))
case("reduce.mean_dim_keep", lambda a: a["x"].mean([-1], keepdim=True), x=randn(2, 3, 4))
case("reduce.max", lambda a: a["x"].max(), x=randn(2, 3, 4))
case("reduce.max_dim", lambda a: a["x"].amax([1]), x=randn(2, 3, 4))
case("reduce.min", lambda a: a["x"].min(), x=randn(2, 3, 4))
case("reduce.min_dim_keep", lambda a: a["x"].amin([2], keepdim=True), x=randn(2, 3, 4))
case("reduce.prod", lambda a: a["x"].prod(), x=pos(2, 3))
case("reduce.std", lambda a: a["x"].std(), x=randn(2, 3, 4))
case("reduce.std_dim", lambda a: a["x"].std([1]), x=randn(2, 3, 4))
case("reduce.var", lambda a: a["x"].var(), x=randn(2, 3, 4))
case("reduce.var_dims_keep", lambda a: a["x"].var([0, 2], keepdim=True), x=randn(2, 3, 4))
case("reduce.argmax", lambda a: a["x"].argmax(), x=randn(2, 3, 4))
case("reduce.argmax_dim", lambda a: a["x"].argmax(1), x=randn(2, 3, 4))
case("reduce.argmax_dim_keep", lambda a: a["x"].argmax(1, keepdim=True), x=randn(2, 3, 4))
case("reduce.argmin_dim", lambda a: a["x"].argmin(2), x=randn(2, 3, 4))
case("reduce.logsumexp", lambda a: a["x"].logsumexp([1]), x=randn(2, 3, 4))
case("reduce.norm", lambda a: a["x"].norm(), x=randn(2, 3, 4))
case("reduce.norm_dim_keep", lambda a: torch.norm(a["x"], 2, [2], keepdim=True), x=randn(2, 3, 4))
case("reduce.any", lambda a: a["m"].any(), m=mask(3, 4))
case("reduce.all", lambda a: a["m"].all(), m=mask(3, 4))
case("reduce.all_true", lambda a: (a["x"] > 0).all(), x=pos(3))

# ---- matmul ----
case("matmul.mm", lambda a: a["x"] @ a["y"], x=randn(3, 4), y=randn(4, 5))
case("matmul.batched", lambda a: a["x"] @ a["y"], x=randn(2, 3, 4), y=randn(4, 5))
case("matmul.dot", lambda a: a["x"] @ a["y"], x=randn(4), y=randn(4))
case("matmul.mv", lambda a: a["x"] @ a["y"], x=randn(3, 4), y=randn(4))

# ---- shape ----
case("shape.reshape", lambda a: a["x"].reshape(2, 6), x=randn(3, 4))
case("shape.reshape_infer", lambda a: a["x"].reshape(-1, 3), x=randn(3, 4))
case("shape.view", lambda a: a["x"].view(4, 3), x=randn(3, 4))
case("shape.permute", lambda a: a["x"].permute(2, 0, 1), x=randn(2, 3, 4))
case("shape.transpose", lambda a: a["x"].transpose(0, 1), x=randn(3, 4))
case("shape.unsqueeze", lambda a: a["x"].unsqueeze(1), x=randn(3, 4))
case("shape.squeeze", lambda a: a["x"].squeeze(), x=randn(1, 3, 1, 4))
case("shape.squeeze_dim", lambda a: a["x"].squeeze(2), x=randn(1, 3, 1, 4))
case("shape.flatten", lambda a: a["x"].flatten(), x=randn(2, 3, 4))
case("shape.flatten_range", lambda a: a["x"].flatten(1, 2), x=randn(2, 3, 4))
case("shape.expand", lambda a: a["x"].expand(3, 4), x=randn(3, 1))
case("shape.contiguous", lambda a: a["x"].t().contiguous(), x=randn(3, 4))
case("shape.clone", lambda a: a["x"].clone(), x=randn(3, 4))
case("shape.detach", lambda a: a["x"].detach() * 2, x=randn(3, 4))
case("convert.to_f64", lambda a: a["x"].to(torch.float64), x=randn(3, 4))
case("convert.to_i64", lambda a: (a["x"] * 3).long(), x=randn(3, 4))
case("convert.to_cpu", lambda a: a["x"].to("cpu") * 2, x=randn(3, 4))
case("convert.float", lambda a: a["i"].float(), i=ints(-5, 5, 3, 4))
case("join.cat", lambda a: torch.cat([a["x"], a["y"]], 1), x=randn(3, 4), y=randn(3, 2))
case("join.cat3", lambda a: torch.cat([a["x"], a["y"], a["x"]], 0), x=randn(2, 3), y=randn(1, 3))
case("join.stack", lambda a: torch.stack([a["x"], a["y"]], 0), x=randn(3, 4), y=randn(3, 4))
case("join.stack_last", lambda a: torch.stack([a["x"], a["y"]], -1), x=randn(3, 4), y=randn(3, 4))

# ---- indexing ----
case("index.narrow", lambda a: a["x"].narrow(1, 1, 2), x=randn(3, 4))
case("index.slice_step", lambda a: a["x"][:, 0:4:2], x=randn(3, 5))
case("index.slice_negative", lambda a: a["x"][-2:], x=randn(4, 3))
case("index.select", lambda a: a["x"].select(0, 1), x=randn(3, 4))
case("index.select_last", lambda a: a["x"].select(-1, 2), x=randn(2, 3, 4))
case("index.index_select", lambda a: a["x"].index_select(0, a["i"]), x=randn(4, 3), i=torch.tensor([2, 0, 2, 3]))
case("index.gather", lambda a: a["x"].gather(1, a["i"]), x=randn(3, 4), i=ints(0, 4, 3, 2))
case("index.scatter_add", lambda a: a["x"].scatter_add(0, a["i"], a["s"]), x=randn(3, 4), i=ints(0, 3, 2, 4),
     s=randn(2, 4))
case("index.masked_fill", lambda a: a["x"].masked_fill(a["m"], -1.5), x=randn(3, 4), m=mask(3, 4))
case("index.masked_fill_broadcast", lambda a: a["x"].masked_fill(a["m"], 0.0), x=randn(3, 4), m=mask(4))
case("where.tensors", lambda a: torch.where(a["m"], a["x"], a["y"]), m=mask(3, 4), x=randn(3, 4), y=randn(4))
case("where.scalar_other", lambda a: torch.where(a["m"], a["x"], 0.0), m=mask(3, 4), x=randn(3, 4))
case("where.scalar_self", lambda a: torch.where(a["m"], 2.0, a["y"]), m=mask(3, 4), y=randn(3, 4))
case("where.int_whole_scalar", lambda a: torch.where(a["m"], a["i"], 0), m=mask(3, 4), i=ints(1, 9, 3, 4))
case("where.int_fraction_promotes", lambda a: torch.where(a["m"], 0.5, a["i"]), m=mask(3, 4), i=ints(1, 9, 3, 4))
case("where.scalars", lambda a: torch.where(a["m"], torch.tensor(1.0), torch.tensor(-1.0)), m=mask(3, 4))
case("clamp.both", lambda a: a["x"].clamp(-0.5, 0.5), x=randn(3, 4))
case("clamp.min_only", lambda a: a["x"].clamp(min=0.0), x=randn(3, 4))
case("clamp.max_only", lambda a: a["x"].clamp(max=0.25), x=randn(3, 4))
case("onehot.classes", lambda a: F.one_hot(a["i"], 6), i=ints(0, 5, 5))
case("onehot.inferred", lambda a: F.one_hot(a["i"]), i=torch.tensor([[0, 3], [1, 2]]))
case("split.chunk", lambda a: a["x"].chunk(3, 1), x=randn(2, 7))
case("split.chunk_last_dim", lambda a: a["x"].chunk(2, -1), x=randn(3, 4))
case("split.size", lambda a: a["x"].split(2, 0), x=randn(5, 3))
case("split.sizes", lambda a: a["x"].split([1, 3], 1), x=randn(2, 4))
case("rearrange.flip", lambda a: a["x"].flip(0), x=randn(3, 4))
case("rearrange.flip2", lambda a: a["x"].flip(0, 2), x=randn(2, 3, 4))
case("rearrange.repeat", lambda a: a["x"].repeat(2, 1, 2), x=randn(2, 3))
case("softmax.dim1", lambda a: a["x"].softmax(1), x=randn(3, 4))
case("softmax.dim0", lambda a: a["x"].softmax(0), x=randn(3, 4))
case("softmax.log", lambda a: a["x"].log_softmax(-1), x=randn(2, 3, 4))

# ---- in place, outside autograd (optimizer and EMA updates) ----
case("inplace.add", lambda a: a["x"].detach().clone().add_(a["y"].detach(), alpha=0.5), x=randn(3, 4), y=randn(4))
case("inplace.mul", lambda a: a["x"].detach().clone().mul_(-1.5), x=randn(3, 4))
case("inplace.copy", lambda a: a["x"].detach().clone().copy_(a["y"].detach()), x=randn(3, 4), y=randn(4))
case("inplace.fill", lambda a: a["x"].detach().clone().fill_(0.75), x=randn(3, 4))

# ---- factories and seeded random streams (same generator algorithm as the C# side) ----
case("factory.linspace", lambda a: torch.linspace(-1, 1, 5))
case("factory.arange", lambda a: torch.arange(0, 7, 2))
case("factory.arange_float", lambda a: torch.arange(0.0, 1.0, 0.25))
case("factory.full", lambda a: torch.full((2, 3), 1.25))
case("factory.zeros", lambda a: torch.zeros(2, 3))
case("factory.ones_f64", lambda a: torch.ones(4, dtype=torch.float64))
case("factory.zeros_like", lambda a: torch.zeros_like(a["x"]), x=randn(2, 3))
case("factory.ones_like_long", lambda a: torch.ones_like(a["x"], dtype=torch.int64), x=randn(2, 3))
case("factory.full_like", lambda a: torch.full_like(a["x"], 3.5), x=randn(2, 3))
case("rng.randn", lambda a: (torch.manual_seed(7), torch.randn(3, 5))[1])
case("rng.rand", lambda a: (torch.manual_seed(8), torch.rand(20))[1])
case("rng.randint", lambda a: (torch.manual_seed(9), torch.randint(0, 10, (12,)))[1])
case("rng.randperm", lambda a: (torch.manual_seed(10), torch.randperm(9))[1])
case("rng.rand_like", lambda a: (torch.manual_seed(12), torch.rand_like(a["x"]))[1], x=randn(3, 3))
case("rng.randn_like", lambda a: (torch.manual_seed(11), torch.randn_like(a["x"]))[1], x=randn(4, 5))


def run_case(name, inputs, fn, out):
    args = {}
    for k, t in inputs.items():
        out[f"{name}/in.{k}"] = t
        args[k] = t.clone().requires_grad_(True) if t.is_floating_point() else t
    result = fn(args)
    outs = list(result) if isinstance(result, (tuple, list)) else [result]
    loss = None
    for i, o in enumerate(outs):
        out[f"{name}/out.{i}"] = o.detach()
        if o.requires_grad:
            w = randn(*o.shape).to(o.dtype)
            out[f"{name}/w.{i}"] = w
            term = (o * w).sum()
            loss = term if loss is None else loss + term
    if loss is not None:
        names = [k for k, t in args.items() if t.requires_grad]
        grads = torch.autograd.grad(loss, [args[k] for k in names], allow_unused=True)
        for k, gr in zip(names, grads):
            if gr is not None:
                out[f"{name}/grad.{k}"] = gr


def gradient_penalty():
    """WGAN-GP on a small MLP critic: penalty = mean((||dD/dx_hat||_2 - 1)^2), then backward to the weights."""
    t = {"w1": randn(4, 6), "b1": randn(6), "w2": randn(6, 1), "real": randn(5, 4), "fake": randn(5, 4),
         "alpha": torch.rand((5, 1), generator=g)}
    w1, b1, w2 = (t[k].clone().requires_grad_(True) for k in ("w1", "b1", "w2"))
    x_hat = (t["alpha"] * t["real"] + (1 - t["alpha"]) * t["fake"]).requires_grad_(True)
    score = torch.tanh(x_hat @ w1 + b1) @ w2  # (5, 4) -> (5, 6) -> (5, 1)
    (grad,) = torch.autograd.grad([score], [x_hat], [torch.ones_like(score)], create_graph=True)
    penalty = ((grad.norm(2, dim=[1]) - 1) ** 2).mean()
    penalty.backward()
    out = {"in." + k: v for k, v in t.items()}
    out.update({"grad_x_hat": grad.detach(), "penalty": penalty.detach(), "grad.w1": w1.grad, "grad.b1": b1.grad,
                "grad.w2": w2.grad})
    return out


def python_written():
    """Tensors whose values the C# reader test recomputes from their index i alone."""
    return {
        "f32": (torch.arange(24, dtype=torch.float32) * 0.5 - 3).reshape(2, 3, 4),
        "f64": torch.arange(5, dtype=torch.float64).sqrt(),
        "f16": (torch.arange(8, dtype=torch.float32) * 0.25).to(torch.float16),
        "i64": (torch.arange(6, dtype=torch.int64) * 1_000_000_000_000 - 5).reshape(3, 2),
        "i32": torch.arange(4, dtype=torch.int32) * -7,
        "u8": ((torch.arange(16) * 17) % 256).to(torch.uint8),
        "bool": torch.arange(7) % 3 == 0,
    }, {"producer": "ops_reference.py", "torch": torch.__version__.split("a")[0], "note": "\u00fcnicode \u2713"}


def csharp_expected():
    """What CSharpWrittenFixture.cs writes, recomputed here from the same formulas."""
    return {
        "f32": (torch.arange(6, dtype=torch.float32) * 0.25 - 1).reshape(2, 3),
        "f64": torch.arange(4, dtype=torch.float64) / 3.0,
        "f16": (torch.arange(4, dtype=torch.float32) * 0.5).to(torch.float16),
        "i64": torch.arange(3, dtype=torch.int64) * 1_099_511_627_776 - 5,
        "i32": torch.arange(5, dtype=torch.int32) - 2,
        "u8": (torch.arange(4) + 250).to(torch.uint8),
        "bool": torch.arange(5) % 2 == 0,
    }, {"producer": "MLNet.Gan", "purpose": "interop check"}


def verify(path=os.path.join(FIXTURES, "csharp_written.safetensors")):
    """Reads a file that the C# writer produced and compares it with csharp_expected()."""
    name = os.path.basename(path)
    tensors, meta = load(path)
    expected, expected_meta = csharp_expected()
    problems = []
    if meta != expected_meta:
        problems.append(f"metadata {meta} != {expected_meta}")
    if sorted(tensors) != sorted(expected):
        problems.append(f"names {sorted(tensors)} != {sorted(expected)}")
    for k, e in expected.items():
        t = tensors.get(k)
        if t is None or t.dtype != e.dtype or t.shape != e.shape or not torch.equal(t, e):
            problems.append(f"{k}: got {t}, expected {e}")
    if problems:
        print(f"{name} differs:\n  " + "\n  ".join(problems))
        sys.exit(1)
    print(f"{name} OK: {len(expected)} tensors, metadata {meta}")


def main():
    out = {}
    for name, inputs, fn in CASES:
        run_case(name, inputs, fn, out)
    names = [c[0] for c in CASES]
    assert len(set(names)) == len(names), "duplicate case names"
    path = os.path.join(FIXTURES, "ops_reference.safetensors")
    save(path, out, {"cases": ",".join(names), "torch": torch.__version__})
    print(f"{path}: {len(names)} cases, {len(out)} tensors, {os.path.getsize(path)} bytes")
    path = os.path.join(FIXTURES, "ops_autograd.safetensors")
    save(path, gradient_penalty(), {"torch": torch.__version__})
    print(f"{path}: gradient penalty")
    tensors, meta = python_written()
    path = os.path.join(FIXTURES, "ops_python_written.safetensors")
    save(path, tensors, meta)
    print(f"{path}: {len(tensors)} tensors")


if __name__ == "__main__":
    if sys.argv[1:2] == ["verify"]:
        verify(*sys.argv[2:3])
    else:
        main()
