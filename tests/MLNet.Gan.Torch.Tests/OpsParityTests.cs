// Every op of the C# tensor layer against PyTorch: forward values and gradients from ops_reference.py.
using System.Reflection;
using System.Text.RegularExpressions;

namespace MLNet.Gan.Torch.Tests;

[TestClass]
public sealed class OpsParityTests
{
    private const string FixtureName = "ops_reference.safetensors";

    // Members of Tensor that are not tensor ops (lifetime, data access, autograd plumbing) or are
    // checked by other tests (Equal/AllClose below, autograd in AutogradTests).
    private static readonly HashSet<string> s_notOps = new()
    {
        "Dispose", "MoveToOuterScope", "DetachFromDisposeScope", "ToArray", "CopyTo", "ToDouble", "ToSingle",
        "ToInt64", "ToString", "Size", "RequiresGrad_", "ZeroGrad", "Backward", "RetainGrad", "Equal", "AllClose",
        "From", "FromBytes", "GetHashCode", "Equals", "GetType",
    };

    public static IEnumerable<object[]> CaseNames => OpsCases.All.Keys.Order(StringComparer.Ordinal).Select(k => new object[] { k });

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public void MatchesPyTorch(string name)
    {
        using var scope = Torch.NewScope();
        var fixture = Safetensors.Load(RepoPaths.Fixture(FixtureName));
        var prefix = name + "/";
        var inputs = new Dictionary<string, Tensor>();
        foreach (var (key, t) in fixture.Where(p => p.Key.StartsWith(prefix + "in.", StringComparison.Ordinal)))
        {
            inputs[key[(prefix.Length + 3)..]] = t.Dtype.IsFloatingPoint() ? t.Detach().RequiresGrad_() : t;
        }

        var outputs = OpsCases.All[name](new CaseInputs(inputs));
        var expectedOutputs = fixture.Keys.Count(k => k.StartsWith(prefix + "out.", StringComparison.Ordinal));
        Assert.AreEqual(expectedOutputs, outputs.Length, $"{name}: number of outputs");

        Tensor? loss = null;
        for (var i = 0; i < outputs.Length; i++)
        {
            TensorAssert.Close(fixture[$"{prefix}out.{i}"], outputs[i], $"{name} output {i}");
            var differentiable = fixture.TryGetValue($"{prefix}w.{i}", out var weights);
            Assert.AreEqual(differentiable, outputs[i].RequiresGrad, $"{name} output {i}: RequiresGrad");
            if (weights is not null)
            {
                var term = (outputs[i] * weights).Sum();
                loss = loss is null ? term : loss + term;
            }
        }

        var gradKeys = fixture.Keys.Where(k => k.StartsWith(prefix + "grad.", StringComparison.Ordinal)).ToList();
        if (loss is null)
        {
            Assert.IsEmpty(gradKeys, $"{name}: PyTorch has gradients but the C# output does not require grad");
            return;
        }

        loss.Backward();
        foreach (var key in gradKeys)
        {
            var input = key[(prefix.Length + 5)..];
            var grad = inputs[input].Grad;
            Assert.IsNotNull(grad, $"{name}: no gradient reached input '{input}'");
            TensorAssert.Close(fixture[key], grad, $"{name} gradient of '{input}'");
        }
    }

    [TestMethod]
    public void FixtureAndCaseTableNameTheSameCases()
    {
        var fixture = Safetensors.Load(RepoPaths.Fixture(FixtureName), out var meta);
        foreach (var t in fixture.Values)
        {
            t.Dispose();
        }

        var fromPython = meta["cases"].Split(',').ToHashSet();
        var missingInCSharp = fromPython.Except(OpsCases.All.Keys).Order().ToList();
        var missingInPython = OpsCases.All.Keys.Except(fromPython).Order().ToList();
        Assert.IsEmpty(missingInCSharp, "cases without a C# side: " + string.Join(", ", missingInCSharp));
        Assert.IsEmpty(missingInPython, "cases without a PyTorch reference: " + string.Join(", ", missingInPython));
        Assert.IsGreaterThan(150, fromPython.Count);
    }

    [TestMethod]
    public void EveryPublicTensorOpHasAParityCase()
    {
        var source = string.Concat(
            Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "MLNet.Gan.Torch.Tests"), "OpsCases*.cs").Select(File.ReadAllText));
        var ops = typeof(Tensor).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && !s_notOps.Contains(m.Name))
            .Select(m => m.Name)
            .Concat(typeof(Torch).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(m => m.ReturnType == typeof(Tensor) && m.Name is not ("GetRngState" or "Empty"))
                .Select(m => "Torch." + m.Name))
            .Distinct()
            .ToList();
        var uncovered = ops.Where(op => !Regex.IsMatch(source, (op.StartsWith("Torch.", StringComparison.Ordinal) ? Regex.Escape(op) : @"\." + op) + @"\(")).ToList();
        Assert.IsGreaterThan(60, ops.Count);
        Assert.IsEmpty(uncovered, "public ops with no parity case in OpsCases*.cs: " + string.Join(", ", uncovered));
    }

    [TestMethod]
    public void EqualComparesShapeAndValues()
    {
        using var scope = Torch.NewScope();
        var a = Tensor.From(new float[] { 1, 2, 3, 4 }, 2, 2);
        Assert.IsTrue(a.Equal(Tensor.From(new float[] { 1, 2, 3, 4 }, 2, 2)));
        Assert.IsTrue(a.Equal(Tensor.From(new long[] { 1, 2, 3, 4 }, 2, 2)), "int64 with the same values");
        Assert.IsFalse(a.Equal(Tensor.From(new float[] { 1, 2, 3, 4 }, 4)), "same values, other shape");
        Assert.IsFalse(a.Equal(Tensor.From(new float[] { 1, 2, 3, 4.0001f }, 2, 2)));
        Assert.IsFalse(Tensor.From(new[] { float.NaN }).Equal(Tensor.From(new[] { float.NaN })), "NaN equals nothing");
    }

    [TestMethod]
    public void AllCloseUsesAbsoluteAndRelativeTolerance()
    {
        using var scope = Torch.NewScope();
        var a = Tensor.From(new double[] { 100, 1e-9 });
        Assert.IsTrue(a.AllClose(Tensor.From(new double[] { 100.0009, 0 })), "|d| = 9e-4 <= 1e-8 + 1e-5 * 100");
        Assert.IsFalse(a.AllClose(Tensor.From(new double[] { 100.0011, 0 })), "|d| = 1.1e-3 > 1e-3");
        Assert.IsTrue(a.AllClose(Tensor.From(new double[] { 101, 0 }), rtol: 0.02));
        Assert.IsTrue(Tensor.From(new double[] { 5, 5.00001 }).AllClose(Tensor.From(new double[] { 5 })), "broadcasts [1] against [2]");
        var nan = Tensor.From(new[] { double.NaN });
        Assert.IsFalse(nan.AllClose(nan));
        Assert.IsTrue(nan.AllClose(nan, equalNan: true));
        var e = Assert.ThrowsExactly<TorchException>(() => a.AllClose(a.Float()));
        StringAssert.Contains(e.Message, "one dtype");
    }
}
