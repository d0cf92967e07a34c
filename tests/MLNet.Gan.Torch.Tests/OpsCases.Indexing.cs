// The C# side of the shape, indexing, factory and random-stream cases of ops_reference.py.
namespace MLNet.Gan.Torch.Tests;

internal static partial class OpsCases
{
    private static void AddShapes(Action<string, Func<CaseInputs, Tensor>> one)
    {
        one("shape.reshape", a => a["x"].Reshape(2, 6));
        one("shape.reshape_infer", a => a["x"].Reshape(-1, 3));
        one("shape.view", a => a["x"].View(4, 3));
        one("shape.permute", a => a["x"].Permute(2, 0, 1));
        one("shape.transpose", a => a["x"].Transpose(0, 1));
        one("shape.unsqueeze", a => a["x"].Unsqueeze(1));
        one("shape.squeeze", a => a["x"].Squeeze());
        one("shape.squeeze_dim", a => a["x"].Squeeze(2));
        one("shape.flatten", a => a["x"].Flatten());
        one("shape.flatten_range", a => a["x"].Flatten(1, 2));
        one("shape.expand", a => a["x"].Expand(3, 4));
        one("shape.contiguous", a => a["x"].Transpose(0, 1).Contiguous());
        one("shape.clone", a => a["x"].Clone());
        one("shape.detach", a => a["x"].Detach() * 2);
        one("convert.to_f64", a => a["x"].To(ScalarType.Float64));
        one("convert.to_i64", a => (a["x"] * 3).Long());
        one("convert.to_cpu", a => a["x"].To(Device.Cpu) * 2);
        one("convert.float", a => a["i"].Float());
        one("join.cat", a => Torch.Cat(new[] { a["x"], a["y"] }, 1));
        one("join.cat3", a => Torch.Cat(new[] { a["x"], a["y"], a["x"] }, 0));
        one("join.stack", a => Torch.Stack(new[] { a["x"], a["y"] }, 0));
        one("join.stack_last", a => Torch.Stack(new[] { a["x"], a["y"] }, -1));
    }

    private static void AddIndexing(Action<string, Func<CaseInputs, Tensor>> one, Action<string, Func<CaseInputs, Tensor[]>> many)
    {
        one("index.narrow", a => a["x"].Narrow(1, 1, 2));
        one("index.slice_step", a => a["x"].Slice(1, 0, 4, 2));
        one("index.slice_negative", a => a["x"].Slice(0, -2));
        one("index.select", a => a["x"].Select(0, 1));
        one("index.select_last", a => a["x"].Select(-1, 2));
        one("index.index_select", a => a["x"].IndexSelect(0, a["i"]));
        one("index.gather", a => a["x"].Gather(1, a["i"]));
        one("index.scatter_add", a => a["x"].ScatterAdd(0, a["i"], a["s"]));
        one("index.masked_fill", a => a["x"].MaskedFill(a["m"], -1.5));
        one("index.masked_fill_broadcast", a => a["x"].MaskedFill(a["m"], 0.0));
        one("where.tensors", a => Torch.Where(a["m"], a["x"], a["y"]));
        one("where.scalar_other", a => Torch.Where(a["m"], a["x"], 0.0));
        one("where.scalar_self", a => Torch.Where(a["m"], 2.0, a["y"]));
        one("where.int_whole_scalar", a => Torch.Where(a["m"], a["i"], 0));
        one("where.int_fraction_promotes", a => Torch.Where(a["m"], 0.5, a["i"]));
        one("where.scalars", a => Torch.Where(a["m"], 1.0, -1.0));
        one("clamp.both", a => a["x"].Clamp(-0.5, 0.5));
        one("clamp.min_only", a => a["x"].Clamp(0.0, null));
        one("clamp.max_only", a => a["x"].Clamp(null, 0.25));
        one("onehot.classes", a => a["i"].OneHot(6));
        one("onehot.inferred", a => a["i"].OneHot());
        many("split.chunk", a => a["x"].Chunk(3, 1));
        many("split.chunk_last_dim", a => a["x"].Chunk(2, -1));
        many("split.size", a => a["x"].Split(2, 0));
        many("split.sizes", a => a["x"].Split(new long[] { 1, 3 }, 1));
        one("rearrange.flip", a => a["x"].Flip(0));
        one("rearrange.flip2", a => a["x"].Flip(0, 2));
        one("rearrange.repeat", a => a["x"].Repeat(2, 1, 2));
        one("softmax.dim1", a => a["x"].Softmax(1));
        one("softmax.dim0", a => a["x"].Softmax(0));
        one("softmax.log", a => a["x"].LogSoftmax(-1));
    }

    private static void AddFactories(Action<string, Func<CaseInputs, Tensor>> one)
    {
        one("inplace.add", a => a["x"].Detach().Clone().AddInPlace(a["y"].Detach(), 0.5));
        one("inplace.mul", a => a["x"].Detach().Clone().MulInPlace(-1.5));
        one("inplace.copy", a => a["x"].Detach().Clone().CopyFrom(a["y"]));
        one("inplace.fill", a => a["x"].Detach().Clone().Fill(0.75));
        one("factory.linspace", _ => Torch.Linspace(-1, 1, 5));
        one("factory.arange", _ => Torch.Arange(0, 7, 2));
        one("factory.arange_float", _ => Torch.Arange(0, 1, 0.25, ScalarType.Float32));
        one("factory.full", _ => Torch.Full(new long[] { 2, 3 }, 1.25));
        one("factory.zeros", _ => Torch.Zeros(new long[] { 2, 3 }));
        one("factory.ones_f64", _ => Torch.Ones(new long[] { 4 }, ScalarType.Float64));
        one("factory.zeros_like", a => Torch.ZerosLike(a["x"]));
        one("factory.ones_like_long", a => Torch.OnesLike(a["x"], ScalarType.Int64));
        one("factory.full_like", a => Torch.FullLike(a["x"], 3.5));
        one("rng.randn", _ => Seeded(7, () => Torch.Randn(new long[] { 3, 5 })));
        one("rng.rand", _ => Seeded(8, () => Torch.Rand(new long[] { 20 })));
        one("rng.randint", _ => Seeded(9, () => Torch.RandInt(0, 10, new long[] { 12 })));
        one("rng.randperm", _ => Seeded(10, () => Torch.RandPerm(9)));
        one("rng.rand_like", a => Seeded(12, () => Torch.RandLike(a["x"])));
        one("rng.randn_like", a => Seeded(11, () => Torch.RandnLike(a["x"])));
    }

    private static Tensor Seeded(long seed, Func<Tensor> make)
    {
        Torch.ManualSeed(seed);
        return make();
    }
}
