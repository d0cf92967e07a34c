// Times transposed convolutions of two DCGAN generators (forward + backward) under each
// ConvTranspose2dPolicy, side by side in one run, with PyTorch eager on the same shapes beside them.
using System.Diagnostics;
using System.Globalization;
using MLNet.Gan.Torch;

namespace MLNet.Gan.Benchmarks;

using Torch = MLNet.Gan.Torch.Torch; // inside MLNet.Gan, a bare "Torch" names the namespace

/// <summary>libtorch's transposed-convolution kernel vs its re-expression vs the auto choice, per DCGAN layer.</summary>
public sealed class ConvTransposeBenchmark : IBenchmarkSuite
{
    /// <summary>Time after warm-up that one measurement may take (the slowest layers then get fewer runs).</summary>
    private const double BudgetMsPerMeasurement = 4000;

    /// <summary>One layer: (N, C_in, H, H) -> (N, C_out, H_out, H_out), square kernel, no bias (as in DCGAN).</summary>
    private sealed record Layer(string Name, long Batch, long InChannels, long OutChannels, long Size, long Kernel,
        long Stride, long Padding, long OutputPadding)
    {
        public long OutputSize => (Size - 1) * Stride - 2 * Padding + Kernel + OutputPadding;

        public string Spec => string.Create(CultureInfo.InvariantCulture,
            $"{Name}:{Batch},{InChannels},{OutChannels},{Size},{Kernel},{Stride},{Padding},{OutputPadding}");
    }

    // The TensorFlow DCGAN tutorial's generator (batch 256) and the 64-px DCGAN generator (batch 64).
    private static readonly Layer[] s_layers =
    [
        new("tf.256@7->128.k5s1", 256, 256, 128, 7, 5, 1, 2, 0),
        new("tf.128@7->64.k5s2", 256, 128, 64, 7, 5, 2, 2, 1),
        new("tf.64@14->1.k5s2", 256, 64, 1, 14, 5, 2, 2, 1),
        new("dc64.512@4->256.k4s2", 64, 512, 256, 4, 4, 2, 1, 0),
        new("dc64.256@8->128.k4s2", 64, 256, 128, 8, 4, 2, 1, 0),
        new("dc64.128@16->64.k4s2", 64, 128, 64, 16, 4, 2, 1, 0),
        new("dc64.64@32->3.k4s2", 64, 64, 3, 32, 4, 2, 1, 0),
    ];

    /// <inheritdoc />
    public string Name => "convtranspose";

    /// <inheritdoc />
    public string Description =>
        "DCGAN transposed convolutions, forward+backward: libtorch kernel vs re-expressed vs auto (and PyTorch eager); --quick for fewer runs";

    /// <inheritdoc />
    public void Run(string[] args)
    {
        var quick = args.Contains("--quick", StringComparer.Ordinal);
        var runs = quick ? 1 : 5;
        var warmup = 1;
        var threads = Torch.Threads;
        Console.WriteLine($"threads {threads}, median of up to {runs} runs (fewer where {runs} would exceed " +
            $"{BudgetMsPerMeasurement / 1000:F0} s) after {warmup} warm-up, times in ms (forward+backward)");

        var previous = Torch.ConvTranspose2dPolicy;
        var rows = new List<(Layer Layer, double Lib, double Re, double Auto, ConvTranspose2dForm Form)>();
        try
        {
            Torch.ClearConvTranspose2dCache();
            foreach (var layer in s_layers)
            {
                var lib = Measure(layer, ConvTranspose2dPolicy.LibTorchKernel, runs, warmup, null, out _);
                var re = Measure(layer, ConvTranspose2dPolicy.OrdinaryConvolution, runs, warmup, null, out _);
                var auto = Measure(layer, ConvTranspose2dPolicy.Auto, runs, warmup, Math.Min(lib, re), out var form);
                rows.Add((layer, lib, re, auto, form));
            }
        }
        finally
        {
            Torch.ConvTranspose2dPolicy = previous;
        }

        // PyTorch in the same OpenMP environment as ours (engine for engine); its out-of-the-box
        // environment is in the trainstep benchmark.
        var python = RunPyTorch(threads, runs, warmup);
        Console.WriteLine("pytorch: PyTorch eager with OMP_WAIT_POLICY=PASSIVE, as MLNet.Gan runs libtorch");
        PrintTable(rows, python);
    }

    /// <summary>
    /// Median ms of forward + backward to input and weight under one policy; reports the form auto ran.
    /// <paramref name="perRunHint"/> replaces the warm-up's time when sizing the runs (auto's warm-up times both forms).
    /// </summary>
    private static double Measure(Layer layer, ConvTranspose2dPolicy policy, int runs, int warmup, double? perRunHint,
        out ConvTranspose2dForm form)
    {
        Torch.ConvTranspose2dPolicy = policy;
        using var scope = Torch.NewScope();
        Torch.ManualSeed(0);
        var x = Torch.Randn([layer.Batch, layer.InChannels, layer.Size, layer.Size]);
        var w = Torch.Randn([layer.InChannels, layer.OutChannels, layer.Kernel, layer.Kernel]) * 0.02;
        x.RequiresGrad = true;
        w.RequiresGrad = true;
        var upstream = Torch.Randn([layer.Batch, layer.OutChannels, layer.OutputSize, layer.OutputSize]);
        long[] stride = [layer.Stride, layer.Stride], padding = [layer.Padding, layer.Padding];
        long[] outputPadding = [layer.OutputPadding, layer.OutputPadding];
        void Step()
        {
            using var step = Torch.NewScope();
            x.ZeroGrad();
            w.ZeroGrad();
            var y = ConvTranspose2dOp.Forward(x, w, null, stride, padding, outputPadding);
            y.Backward(upstream);
        }

        // The warm-up (for auto it includes timing both forms) also tells how many runs fit the budget.
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < warmup; i++)
        {
            Step();
        }

        var perRun = perRunHint ?? warm.Elapsed.TotalMilliseconds / Math.Max(1, warmup);
        var ms = Timing.MedianMs(Step, RunsWithinBudget(runs, perRun), warmup: 0);
        form = Torch.LastConvTranspose2dForm;
        return ms;
    }

    /// <summary>Fewer runs for slow layers so the whole suite stays within about three minutes.</summary>
    private static int RunsWithinBudget(int runs, double perRunMs) =>
        Math.Clamp((int)(BudgetMsPerMeasurement / Math.Max(perRunMs, 1e-3)), 1, runs);

    /// <summary>PyTorch eager's median per layer name, or null when python3 with torch is not there.</summary>
    private static Dictionary<string, double>? RunPyTorch(int threads, int runs, int warmup) =>
        PythonReference.Run("bench_conv_transpose.py", new[]
        {
            "--threads", threads.ToString(CultureInfo.InvariantCulture), "--runs", runs.ToString(CultureInfo.InvariantCulture),
            "--warmup", warmup.ToString(CultureInfo.InvariantCulture),
            "--budget-ms", BudgetMsPerMeasurement.ToString(CultureInfo.InvariantCulture), "--layers", string.Join(';', s_layers.Select(l => l.Spec)),
        }, threads, PythonEnvironment.SameAsOurs);

    private static void PrintTable(
        List<(Layer Layer, double Lib, double Re, double Auto, ConvTranspose2dForm Form)> rows,
        Dictionary<string, double>? python)
    {
        Console.WriteLine(
            $"{"layer",-22} {"libtorch",10} {"re-expr",10} {"auto",10} {"auto ran",9} {"lib/re",7} {"lib/auto",8} {"pytorch",10} {"py/auto",8}");
        foreach (var prefix in new[] { "tf.", "dc64." })
        {
            double lib = 0, re = 0, auto = 0, py = 0;
            foreach (var (layer, l, r, a, form) in rows.Where(x => x.Layer.Name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                var p = python is not null && python.TryGetValue(layer.Name, out var v) ? v : double.NaN;
                PrintRow(layer.Name, l, r, a, form == ConvTranspose2dForm.OrdinaryConvolution ? "re-expr" : "libtorch", p);
                lib += l;
                re += r;
                auto += a;
                py += p;
            }

            PrintRow(prefix + "total", lib, re, auto, string.Empty, py);
        }
    }

    private static void PrintRow(string name, double lib, double re, double auto, string form, double py)
    {
        var pyText = double.IsNaN(py) ? "-" : py.ToString("F1", CultureInfo.InvariantCulture);
        var pyRatio = double.IsNaN(py) ? "-" : (py / auto).ToString("F2", CultureInfo.InvariantCulture) + "x";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-22} {lib,10:F1} {re,10:F1} {auto,10:F1} {form,9} {lib / re,6:F2}x {lib / auto,7:F2}x {pyText,10} {pyRatio,8}"));
    }
}
