using MLNet.Gan.Data;
using MLNet.Gan.Training;

namespace MLNet.Gan.Tests;

[TestClass]
public sealed class GanBadInputTests
{
    private readonly GanContext _ctx = new(1);

    [TestMethod]
    public void ConditionalGanWithoutALabelColumnNamesTheColumn()
    {
        var rows = Enumerable.Range(0, 40).Select(_ => new ToyData.ImageRow { Image = Gray(28, 28, 0) });
        var data = _ctx.Data.LoadFromEnumerable(rows);
        var trainer = _ctx.Gan.Trainers.ConditionalGan(ToyData.TinyOptions());
        var e = Assert.ThrowsExactly<ArgumentException>(() => trainer.GetOutputSchema(data.Schema));
        StringAssert.Contains(e.Message, "label column 'Label' not found");
        Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(data));
    }

    [TestMethod]
    public void NonKeyLabelIsRejectedWithTheFix()
    {
        var random = new Random(1);
        var rows = Enumerable.Range(0, 40).Select(i => new ToyData.PlainRow { Image = ToyData.QuadrantImage(i % 4, random), Label = i % 4 });
        var data = _ctx.Data.LoadFromEnumerable(rows);
        var e = Assert.ThrowsExactly<ArgumentException>(() => _ctx.Gan.Trainers.ConditionalGan(ToyData.TinyOptions()).Fit(data));
        StringAssert.Contains(e.Message, "label column 'Label'");
        StringAssert.Contains(e.Message, "key type");
        StringAssert.Contains(e.Message, "Int32");
        StringAssert.Contains(e.Message, "MapValueToKey");
    }

    [TestMethod]
    public void ImagesOfMixedSizesNameTheRowAndBothSizes()
    {
        var rows = Enumerable.Range(0, 40).Select(i => new VariableImageRow { Image = i == 17 ? Gray(32, 32, 0) : Gray(28, 28, 0) });
        var data = _ctx.Data.LoadFromEnumerable(rows);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => _ctx.Gan.Trainers.Gan(ToyData.TinyOptions(false)).Fit(data));
        StringAssert.Contains(e.Message, "row 17");
        StringAssert.Contains(e.Message, "32x32");
        StringAssert.Contains(e.Message, "28x28");
        StringAssert.Contains(e.Message, "ResizeImages");
    }

    [TestMethod]
    public void NaNPixelsNameRowAndSlot()
    {
        var random = new Random(1);
        var rows = Enumerable.Range(0, 40).Select(i => new ToyData.QuadrantRow { Image = ToyData.QuadrantImage(i % 4, random), Label = (uint)(i % 4) + 1 }).ToList();
        rows[23].Image[5] = float.NaN;
        var data = _ctx.Data.LoadFromEnumerable(rows);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => _ctx.Gan.Trainers.ConditionalGan(ToyData.TinyOptions()).Fit(data));
        StringAssert.Contains(e.Message, "row 23");
        StringAssert.Contains(e.Message, "slot 5");
        StringAssert.Contains(e.Message, "NaN");
    }

    [TestMethod]
    public void WrongImageColumnTypeNamesExpectedAndFound()
    {
        var rows = Enumerable.Range(0, 4).Select(i => new TextRow { Image = "a.png" });
        var data = _ctx.Data.LoadFromEnumerable(rows);
        var e = Assert.ThrowsExactly<ArgumentException>(() => _ctx.Gan.Trainers.Gan().GetOutputSchema(data.Schema));
        StringAssert.Contains(e.Message, "image column 'Image'");
        StringAssert.Contains(e.Message, "String");
    }

    [TestMethod]
    public void InvalidOptionsAreRejectedWhenTheTrainerIsMade()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new GanTrainer(new GanTrainer.Options { BatchSize = 1 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new GanTrainer(new GanTrainer.Options { LabelSmoothing = 0.7 }));
        Assert.ThrowsExactly<FormatException>(() => new GanTrainer(new GanTrainer.Options { Device = "tpu" }));
        Assert.ThrowsExactly<FileNotFoundException>(() => new GanTrainer(new GanTrainer.Options { ResumeFrom = "/nonexistent/ckpt" }));
    }

    [TestMethod]
    public void TooFewRowsForOneBatchSaysSo()
    {
        var data = ToyData.Quadrants(_ctx, rows: 10);
        var e = Assert.ThrowsExactly<ArgumentException>(() => _ctx.Gan.Trainers.ConditionalGan(ToyData.TinyOptions()).Fit(data));
        StringAssert.Contains(e.Message, "10 rows");
    }

    [TestMethod]
    public void MonitorWarnsOnVanishingGradientsAndCollapse()
    {
        var monitor = new TrainingMonitor(GanLoss.Minimax);
        string? warning = null;
        for (var step = 0; step < TrainingMonitor.PinnedSteps && warning is null; step++)
        {
            warning = monitor.CheckVanishing(step, 0.001, GanLoss.Minimax);
        }

        Assert.IsNotNull(warning);
        StringAssert.Contains(warning, "vanishing generator gradients");
        StringAssert.Contains(warning, "NonSaturating");

        using var scope = Torch.Torch.NewScope();
        var real = Torch.Torch.Randn(new long[] { 16, 1, 8, 8 });
        var collapsed = Torch.Torch.Randn(new long[] { 1, 1, 8, 8 }).Expand(16, 1, 8, 8) + 0.001 * Torch.Torch.Randn(new long[] { 16, 1, 8, 8 });
        Assert.IsNull(monitor.CheckCollapse(1, real, Torch.Torch.Randn(new long[] { 16, 1, 8, 8 }), null), "diverse samples are fine");
        var collapse = monitor.CheckCollapse(2, collapsed, real, null);
        Assert.IsNotNull(collapse);
        StringAssert.Contains(collapse, "mode collapse");
    }

    private static MLImage Gray(int w, int h, byte value) => new(w, h, 1, Enumerable.Repeat(value, w * h).ToArray());

    public sealed class VariableImageRow
    {
        [ImageType(0, 0)]
        public MLImage Image { get; set; } = null!;
    }

    public sealed class TextRow
    {
        public string Image { get; set; } = string.Empty;
    }
}
