// Cursors compute only what is asked: inactive columns never, active ones only when their getter runs.
using MLNet.Gan.Data;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class CursorLazinessTests
{
    [TestMethod]
    public void TransformComputesNothingUntilACursorReadsTheColumn()
    {
        var ctx = new GanContext(1);
        var t = new CountingTransformer();
        var output = t.Transform(TestData.Numbers(ctx, 5));
        Assert.AreEqual(0, t.Computations, "Transform itself computed values");

        using (var cursor = output.GetRowCursor(output.Schema["Id"]))
        {
            while (cursor.MoveNext())
            {
            }
        }

        Assert.AreEqual(0, t.Computations, "a cursor without the output column computed it");

        using (var cursor = output.GetRowCursor(output.Schema["Doubled"]))
        {
            var g = cursor.GetGetter<float>(output.Schema["Doubled"]);
            var seen = new List<float>();
            while (cursor.MoveNext())
            {
                if (cursor.Position % 2 == 0)
                {
                    float v = 0;
                    g(ref v);
                    seen.Add(v);
                }
            }

            CollectionAssert.AreEqual(new[] { 0f, 2f, 4f }, seen);
        }

        Assert.AreEqual(3, t.Computations, "only the three rows whose getter ran are computed");
    }

    [TestMethod]
    public void InputCursorGetsOnlyTheColumnsTheOutputNeeds()
    {
        var ctx = new GanContext(1);
        var input = new RecordingDataView(TestData.Numbers(ctx, 3));
        var output = new CountingTransformer().Transform(input);
        using (output.GetRowCursor(output.Schema["Doubled"]))
        {
        }

        using (output.GetRowCursor(output.Schema["Id"]))
        {
        }

        CollectionAssert.AreEqual(new[] { "Value" }, input.CursorColumns[0], "Doubled needs only Value");
        CollectionAssert.AreEqual(new[] { "Id" }, input.CursorColumns[1], "Id passes through alone");
    }

    [TestMethod]
    public void ReplacingAColumnHidesTheInputColumnButKeepsItReadable()
    {
        var ctx = new GanContext(1);
        var output = new CountingTransformer("Value", "Value").Transform(TestData.Numbers(ctx, 3));
        Assert.AreEqual(3, output.Schema.Count);
        Assert.IsTrue(output.Schema[1].IsHidden);
        CollectionAssert.AreEqual(new[] { 0f, 1f, 2f }, output.GetColumn<float>("Value").ToArray());
        using var cursor = output.GetRowCursor(output.Schema[1]);
        var g = cursor.GetGetter<float>(output.Schema[1]);
        Assert.IsTrue(cursor.MoveNext());
        Assert.IsTrue(cursor.MoveNext());
        float v = 0;
        g(ref v);
        Assert.AreEqual(0.5f, v, "the hidden original column still reads its own values");
    }

    [TestMethod]
    public void TransformRejectsMissingAndWrongTypedInputNamingTheColumn()
    {
        var ctx = new GanContext(1);
        var data = TestData.Numbers(ctx, 2);
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CountingTransformer("D", "Nope").Transform(data));
        StringAssert.Contains(missing.Message, "'Nope'");
        var wrong = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CountingTransformer("D", "Id").GetOutputSchema(data.Schema));
        StringAssert.Contains(wrong.Message, "'Id'");
        StringAssert.Contains(wrong.Message, "Int32");
        StringAssert.Contains(wrong.Message, "expected Single");
    }
}
