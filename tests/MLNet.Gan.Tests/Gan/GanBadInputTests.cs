// Bad data and bad options: every error names what was wrong and where (column, row, slot, option, file).
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Training;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class GanBadInputTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void NaNPixelsNameRowAndSlot()
    {
        var rows = ToyData.QuadrantRows(40);
        rows[23].Image[5] = float.NaN;
        var e = Assert.ThrowsExactly<InvalidDataException>(() => _ml.Gan().Trainers.ConditionalGan(ToyData.TinyOptions()).Fit(_ml.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(e.Message, "column 'Image'");
        StringAssert.Contains(e.Message, "row 23");
        StringAssert.Contains(e.Message, "slot 5");
        StringAssert.Contains(e.Message, "NaN");
    }

    [TestMethod]
    public void PixelValuesOutsideTheKnownRangesAreRefusedWithTheRangeFound()
    {
        var rows = ToyData.QuadrantRows(40);
        rows[3].Image[0] = 300f;
        var e = Assert.ThrowsExactly<InvalidDataException>(() => _ml.Gan().Trainers.ConditionalGan(ToyData.TinyOptions()).Fit(_ml.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(e.Message, "column 'Image'");
        StringAssert.Contains(e.Message, "300]");
        StringAssert.Contains(e.Message, "[0, 255]");
        StringAssert.Contains(e.Message, "ExtractPixels");
    }

    [TestMethod]
    public void AMissingKeyLabelNamesTheRow()
    {
        // MapValueToKey with a fixed set of classes maps a value outside it to the missing key (0).
        var random = new Random(1);
        var rows = Enumerable.Range(0, 40).Select(i => new ToyData.TextLabelRow { Image = ToyData.QuadrantImage(i % 4, random), Label = "class" + (i % 4) }).ToList();
        rows[9].Label = "unknown";
        var classes = _ml.Data.LoadFromEnumerable(Enumerable.Range(0, 4).Select(c => new KeyRow { Value = "class" + c }).ToList());
        var pipeline = _ml.Transforms.Conversion.MapValueToKey("Label", keyData: classes).Append(_ml.Gan().Trainers.ConditionalGan(ToyData.TinyOptions()));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => pipeline.Fit(_ml.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(e.Message, "label column 'Label', row 9");
        StringAssert.Contains(e.Message, "missing");
    }

    [TestMethod]
    public void MissingImagesNameTheRow()
    {
        var rows = Enumerable.Range(0, 40).Select(_ => new ToyData.ImageRow { Image = Pixels.Gray(28, 28, 90) }).ToList();
        var trainer = _ml.Gan().Trainers.Gan(ToyData.TinyOptions(conditional: false));
        rows[6].Image = null!;
        var e = Assert.ThrowsExactly<InvalidDataException>(() => trainer.Fit(_ml.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(e.Message, "column 'Image', row 6");
        StringAssert.Contains(e.Message, "missing");
    }

    [TestMethod]
    public void InvalidOptionsAreRejectedWhenTheTrainerIsMadeNamingTheOption()
    {
        GanTrainer Make(GanTrainer.Options o) => new(_ml, o);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Make(new GanTrainer.Options { BatchSize = 1 }));
        Assert.AreEqual("BatchSize", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Make(new GanTrainer.Options { LabelSmoothing = 0.7 }));
        StringAssert.Contains(e.Message, "LabelSmoothing must be in [0, 0.5)");
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Make(new GanTrainer.Options { EmaDecay = 1 }));
        Assert.AreEqual("EmaDecay", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Make(new GanTrainer.Options { DiscriminatorSteps = 0 }));
        Assert.AreEqual("DiscriminatorSteps", e.ParamName);
        var device = Assert.ThrowsExactly<ArgumentException>(() => Make(new GanTrainer.Options { Device = "tpu" }));
        StringAssert.Contains(device.Message, "device 'tpu': expected cpu, cuda, cuda:N or auto");
        var missing = Assert.ThrowsExactly<FileNotFoundException>(() => Make(new GanTrainer.Options { ResumeFrom = "/nonexistent/ckpt.zip" }));
        StringAssert.Contains(missing.Message, "/nonexistent/ckpt.zip");
    }

    [TestMethod]
    public void TooFewRowsForOneBatchSaysSo()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => _ml.Gan().Trainers.ConditionalGan(ToyData.TinyOptions()).Fit(ToyData.Quadrants(_ml, rows: 10)));
        StringAssert.Contains(e.Message, "10 rows");
        StringAssert.Contains(e.Message, "BatchSize");
    }

    [TestMethod]
    public void AnUnconditionalModelRefusesLabelsAndAConditionalOneNeedsThem()
    {
        var options = ToyData.TinyOptions(conditional: false);
        options.MaxSteps = 1;
        using var plain = _ml.Gan().Trainers.Gan(options).Fit(ToyData.Quadrants(_ml));
        Assert.ThrowsExactly<ArgumentException>(() => plain.Generate(2, label: 1));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => plain.ResolveLabel("1"));
        StringAssert.Contains(e.Message, "unconditional");
        var steps = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => plain.Interpolate(1, 2, steps: 1));
        StringAssert.Contains(steps.Message, "at least 2 steps");

        var conditionalOptions = ToyData.TinyOptions();
        conditionalOptions.MaxSteps = 1;
        using var conditional = _ml.Gan().Trainers.ConditionalGan(conditionalOptions).Fit(ToyData.Quadrants(_ml));
        var none = Assert.ThrowsExactly<ArgumentException>(() => conditional.GenerateTensor(2, null, seed: 1));
        StringAssert.Contains(none.Message, "give a class label for every image");
        var unknown = Assert.ThrowsExactly<ArgumentException>(() => conditional.ResolveLabel("Sneaker"));
        StringAssert.Contains(unknown.Message, "unknown label 'Sneaker'");
        StringAssert.Contains(unknown.Message, "0=0, 1=1, 2=2, 3=3");
    }

    [TestMethod]
    public void MonitorWarnsOnVanishingGradientsAndCollapse()
    {
        Runtime.TorchRuntime.EnsureLoaded();
        var monitor = new TrainingMonitor(GanLoss.Minimax);
        string? warning = null;
        for (var step = 0; step < TrainingMonitor.PinnedSteps && warning is null; step++)
        {
            warning = monitor.CheckVanishing(step, 0.001, GanLoss.Minimax);
        }

        Assert.IsNotNull(warning);
        StringAssert.Contains(warning, "vanishing generator gradients");
        StringAssert.Contains(warning, "NonSaturating");

        using var scope = NewDisposeScope();
        var real = randn(new long[] { 16, 1, 8, 8 });
        var collapsed = randn(new long[] { 1, 1, 8, 8 }).expand(16, 1, 8, 8) + (0.001 * randn(new long[] { 16, 1, 8, 8 }));
        Assert.IsNull(monitor.CheckCollapse(1, real, randn(new long[] { 16, 1, 8, 8 }), null), "diverse samples are fine");
        var collapse = monitor.CheckCollapse(2, collapsed, real, null);
        Assert.IsNotNull(collapse);
        StringAssert.Contains(collapse, "mode collapse");
        Assert.HasCount(2, monitor.Warnings);
    }

    public sealed class KeyRow
    {
        public string Value { get; set; } = string.Empty;
    }
}
