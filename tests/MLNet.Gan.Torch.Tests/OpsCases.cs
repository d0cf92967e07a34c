// The C# side of every case in ops_reference.py (same names): elementwise, scalar, reductions, matmul.
namespace MLNet.Gan.Torch.Tests;

/// <summary>The inputs of one parity case, by the names ops_reference.py gave them.</summary>
internal sealed class CaseInputs(IReadOnlyDictionary<string, Tensor> tensors)
{
    public Tensor this[string name] =>
        tensors.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"case has no input '{name}'");
}

/// <summary>Each case runs one op of the C# layer on the fixture's inputs and returns its outputs.</summary>
internal static partial class OpsCases
{
    public static readonly Dictionary<string, Func<CaseInputs, Tensor[]>> All = Build();

    private static Dictionary<string, Func<CaseInputs, Tensor[]>> Build()
    {
        var cases = new Dictionary<string, Func<CaseInputs, Tensor[]>>();
        void One(string name, Func<CaseInputs, Tensor> op) => cases.Add(name, a => new[] { op(a) });
        void Many(string name, Func<CaseInputs, Tensor[]> op) => cases.Add(name, op);
        AddElementwise(One);
        AddReductions(One);
        AddShapes(One);
        AddIndexing(One, Many);
        AddFactories(One);
        return cases;
    }

    private static void AddElementwise(Action<string, Func<CaseInputs, Tensor>> one)
    {
        one("unary.neg", a => a["x"].Neg());
        one("unary.exp", a => a["x"].Exp());
        one("unary.log", a => a["x"].Log());
        one("unary.sqrt", a => a["x"].Sqrt());
        one("unary.rsqrt", a => a["x"].Rsqrt());
        one("unary.abs", a => a["x"].Abs());
        one("unary.sign", a => a["x"].Sign());
        one("unary.floor", a => (a["x"] * 3).Floor());
        one("unary.ceil", a => (a["x"] * 3).Ceil());
        one("unary.round", a => (a["x"] * 3).Round());
        one("unary.trunc", a => (a["x"] * 3).Trunc());
        one("unary.relu", a => a["x"].Relu());
        one("unary.sigmoid", a => a["x"].Sigmoid());
        one("unary.tanh", a => a["x"].Tanh());
        one("unary.softplus", a => a["x"].Softplus());
        one("unary.log_sigmoid", a => a["x"].LogSigmoid());
        one("unary.sin", a => a["x"].Sin());
        one("unary.cos", a => a["x"].Cos());
        one("unary.square", a => a["x"].Square());
        one("unary.reciprocal", a => a["x"].Reciprocal());
        one("unary.log1p", a => a["x"].Log1p());
        one("unary.expm1", a => a["x"].Expm1());
        one("unary.gelu", a => a["x"].Gelu());
        one("unary.silu", a => a["x"].Silu());
        one("unary.erf", a => a["x"].Erf());
        one("unary.log2", a => a["x"].Log2());
        one("unary.isnan", a => a["x"].IsNan());
        one("unary.isfinite", a => a["x"].IsFinite());
        one("unary.logical_not", a => a["m"].LogicalNot());

        one("binary.add", a => a["x"] + a["y"]);
        one("binary.sub", a => a["x"] - a["y"]);
        one("binary.mul", a => a["x"] * a["y"]);
        one("binary.maximum", a => a["x"].Maximum(a["y"]));
        one("binary.minimum", a => a["x"].Minimum(a["y"]));
        one("binary.atan2", a => a["x"].Atan2(a["y"]));
        one("binary.div", a => a["x"] / a["y"]);
        one("binary.pow", a => a["x"].Pow(a["y"]));
        one("binary.remainder", a => a["x"].Remainder(a["y"]));
        one("compare.eq", a => a["x"].Eq(a["y"]));
        one("compare.ne", a => a["x"].Ne(a["y"]));
        one("compare.lt", a => a["x"].Lt(a["y"]));
        one("compare.le", a => a["x"].Le(a["y"]));
        one("compare.gt", a => a["x"].Gt(a["y"]));
        one("compare.ge", a => a["x"].Ge(a["y"]));
        one("compare_scalar.eq", a => a["x"].Eq(1.0));
        one("compare_scalar.ne", a => a["x"].Ne(1.0));
        one("compare_scalar.lt", a => a["x"].Lt(1.0));
        one("compare_scalar.le", a => a["x"].Le(1.0));
        one("compare_scalar.gt", a => a["x"].Gt(1.0));
        one("compare_scalar.ge", a => a["x"].Ge(1.0));
        one("logical.and", a => a["m"].LogicalAnd(a["n"]));
        one("logical.or", a => a["m"].LogicalOr(a["n"]));

        one("scalar.add", a => a["x"] + 2.5);
        one("scalar.radd", a => 2.5 + a["x"]);
        one("scalar.sub", a => a["x"] - 1.5);
        one("scalar.rsub", a => 1.5 - a["x"]);
        one("scalar.mul", a => a["x"] * -3.0);
        one("scalar.rmul", a => 0.5 * a["x"]);
        one("scalar.div", a => a["x"] / 4.0);
        one("scalar.rdiv", a => 2.0 / a["x"]);
        one("scalar.pow", a => a["x"].Pow(2.5));
        one("scalar.clamp_min", a => a["x"].ClampMin(0.1));
        one("scalar.clamp_max", a => a["x"].ClampMax(-0.2));
        one("scalar.remainder", a => a["x"].Remainder(1.5));
        one("scalar.add_int", a => a["i"] + 3);
        one("scalar.mul_int_fraction", a => a["i"] * 0.5);
        one("scalar.div_int", a => a["i"] / 2);
        one("scalar.remainder_int", a => a["i"].Remainder(3));
        one("scalar.bool_plus_one", a => a["m"] + 1);
        one("binary.add_int", a => a["i"] + a["j"]);
        one("binary.mixed_promotes", a => a["i"] * a["x"]);
        one("binary.f64", a => (a["x"] * a["y"]).Exp());
        one("op.neg", a => -a["x"]);
        one("op.chain", a => ((a["x"] * a["y"]) - (a["x"] / 2.0) + 1.0) * a["y"]);
    }

    private static void AddReductions(Action<string, Func<CaseInputs, Tensor>> one)
    {
        one("reduce.sum", a => a["x"].Sum());
        one("reduce.sum_dim", a => a["x"].Sum(new long[] { 1 }));
        one("reduce.sum_dims_keep", a => a["x"].Sum(new long[] { 0, 2 }, keepDim: true));
        one("reduce.mean", a => a["x"].Mean());
        one("reduce.mean_dim_keep", a => a["x"].Mean(new long[] { -1 }, keepDim: true));
        one("reduce.max", a => a["x"].Max());
        one("reduce.max_dim", a => a["x"].Max(new long[] { 1 }));
        one("reduce.min", a => a["x"].Min());
        one("reduce.min_dim_keep", a => a["x"].Min(new long[] { 2 }, keepDim: true));
        one("reduce.prod", a => a["x"].Prod());
        one("reduce.std", a => a["x"].Std());
        one("reduce.std_dim", a => a["x"].Std(new long[] { 1 }));
        one("reduce.var", a => a["x"].Var());
        one("reduce.var_dims_keep", a => a["x"].Var(new long[] { 0, 2 }, keepDim: true));
        one("reduce.argmax", a => a["x"].ArgMax());
        one("reduce.argmax_dim", a => a["x"].ArgMax(1));
        one("reduce.argmax_dim_keep", a => a["x"].ArgMax(1, keepDim: true));
        one("reduce.argmin_dim", a => a["x"].ArgMin(2));
        one("reduce.logsumexp", a => a["x"].LogSumExp(new long[] { 1 }));
        one("reduce.norm", a => a["x"].Norm());
        one("reduce.norm_dim_keep", a => a["x"].Norm(new long[] { 2 }, keepDim: true));
        one("reduce.any", a => a["m"].Any());
        one("reduce.all", a => a["m"].All());
        one("reduce.all_true", a => a["x"].Gt(0).All());

        one("matmul.mm", a => a["x"].MatMul(a["y"]));
        one("matmul.batched", a => a["x"].MatMul(a["y"]));
        one("matmul.dot", a => a["x"].MatMul(a["y"]));
        one("matmul.mv", a => a["x"].MatMul(a["y"]));
    }
}
