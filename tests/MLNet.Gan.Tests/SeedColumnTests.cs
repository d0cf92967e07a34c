using MLNet.Gan.Data;

namespace MLNet.Gan.Tests;

[TestClass]
public sealed class SeedColumnTests
{
    [TestMethod]
    public void SameSeedAndLabelGiveTheSameImageInAnyBatchAndAsADirectCall()
    {
        var ctx = new GanContext(2);
        var options = ToyData.TinyOptions();
        options.SeedColumnName = "Seed";
        using var model = ctx.Gan.Trainers.ConditionalGan(options).Fit(ToyData.Quadrants(ctx));

        // 150 rows span three generation batches; rows i and i + 70 ask for the same (label, seed).
        var requests = Enumerable.Range(0, 150).Select(i => new SeededRequest { Label = (uint)(i % 70 % 4) + 1, Seed = 1000 + i % 70 }).ToList();
        var output = model.Transform(ctx.Data.LoadFromEnumerable(requests));
        var images = output.GetColumn<VBuffer<float>>("GeneratedImage").Select(v => v.GetValues().ToArray()).ToList();
        Assert.HasCount(150, images);
        // Rows in different batches go through matrix products of other sizes, so equality is up to float rounding.
        for (var i = 0; i < 80; i++)
        {
            AssertClose(images[i], images[i + 70], $"rows {i} and {i + 70}");
        }

        Assert.IsGreaterThan(0.01f, images[0].Zip(images[4], (a, b) => Math.Abs(a - b)).Max(), "same label, other seed");
        var row5Class = (int)requests[5].Label - 1;
        using var expected = model.GenerateTensor(1, new[] { row5Class }, seed: requests[5].Seed);
        AssertClose(expected.ToArray<float>(), images[5], "row 5 vs a direct call");
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        var worst = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
        Assert.IsLessThan(1e-5f, worst, $"{what}: largest difference {worst}");
    }

    [TestMethod]
    public void SeedColumnOfTheWrongTypeIsRejected()
    {
        var ctx = new GanContext(2);
        var options = ToyData.TinyOptions();
        options.SeedColumnName = "Label";
        options.MaxSteps = 2;
        using var model = ctx.Gan.Trainers.ConditionalGan(options).Fit(ToyData.Quadrants(ctx));
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.GetOutputSchema(ToyData.Quadrants(ctx).Schema));
        StringAssert.Contains(e.Message, "seed column 'Label'");
        StringAssert.Contains(e.Message, "Int32 or Int64");
    }
}
