// The tabular GAN on a real table: rows in the training schema and seen ranges, missing values generated back,
// reproducible per seed and across save/load, conditioned rows, appended rows, cancellation, checkpoints and schema errors.
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Tabular;

[TestClass]
public sealed class TabularGanTests
{
    [TestMethod]
    public void GeneratedRowsHaveTheTrainingSchemaSeenRangesAndKnownCategories()
    {
        var model = TabularFixtures.Model;
        var real = TabularFixtures.Churn();
        var rows = model.Generate(300, seed: 5);
        CollectionAssert.AreEqual(real.Schema.Select(c => $"{c.Name}:{c.Type}").ToArray(), rows.Schema.Select(c => $"{c.Name}:{c.Type}").ToArray());
        Assert.AreEqual(300L, rows.GetRowCount());

        var tenure = rows.GetColumn<int>("tenure").ToArray();
        var realTenure = real.GetColumn<int>("tenure").ToArray();
        Assert.IsTrue(tenure.All(t => t >= realTenure.Min() && t <= realTenure.Max()), "Int32 values clipped to the seen range");
        var charges = rows.GetColumn<float>("monthly_charges").ToArray();
        Assert.IsGreaterThan(10, charges.Distinct().Count(), "a continuous column gets many values");
        var contracts = real.GetColumn<ReadOnlyMemory<char>>("contract").Select(c => c.ToString()).ToHashSet();
        Assert.IsTrue(rows.GetColumn<ReadOnlyMemory<char>>("contract").All(c => contracts.Contains(c.ToString())), "only categories seen in training");
    }

    [TestMethod]
    public void AMissingNumberIsLearnedAsAModeOfItsOwnAndGeneratedBack()
    {
        var info = TabularFixtures.Model.Info.Columns.Single(c => c.Name == "total_charges");
        Assert.IsTrue(info.HasMissing, "11 of the 600 rows lack total_charges");
        Assert.AreEqual(1 + info.ModeMeans.Length + 1, info.EncodedWidth, "value, modes and the missing mode");
        Assert.IsFalse(TabularFixtures.Model.Info.Columns.Single(c => c.Name == "tenure").HasMissing);

        // Conditioned on the missing mode's column being learned, a large sample holds missing values and only finite others.
        var values = TabularFixtures.Model.Generate(2000, seed: 2).GetColumn<float>("total_charges").ToArray();
        Assert.IsTrue(values.Where(v => !float.IsNaN(v)).All(float.IsFinite));
        Assert.IsTrue(values.Any(float.IsNaN), "the missing mode is generated (the tiny model is far from the 1.8 % rate, but not at 0)");
    }

    [TestMethod]
    public void TheSameSeedGivesTheSameRowsAndAnotherSeedOtherRows()
    {
        var model = TabularFixtures.Model;
        var a = TabularFixtures.Rows(model.Generate(50, seed: 7));
        CollectionAssert.AreEqual(a, TabularFixtures.Rows(model.Generate(50, seed: 7)));
        CollectionAssert.AreNotEqual(a, TabularFixtures.Rows(model.Generate(50, seed: 8)));
    }

    [TestMethod]
    public void ASavedModelLoadsIntoANewContextAndGeneratesTheSameRows()
    {
        using var folder = new TempFolder();
        var path = folder.File("tabular.zip");
        TabularFixtures.Model.Save(path);
        using var loaded = TabularGanTransformer.Load(new MLContext(3), path);
        CollectionAssert.AreEqual(TabularFixtures.Rows(TabularFixtures.Model.Generate(40, seed: 1)), TabularFixtures.Rows(loaded.Generate(40, seed: 1)));
        Assert.AreEqual("tabular", loaded.Info.Kind);
        CollectionAssert.AreEqual(TabularFixtures.Model.Info.Columns.Select(c => c.Name).ToArray(), loaded.Info.Columns.Select(c => c.Name).ToArray());

        // Through ML.NET's model catalog as part of a chain, too.
        var ml = new MLContext(0);
        ml.Model.SaveWithGan(TabularFixtures.Model, TabularFixtures.Churn().Schema, folder.File("chain.zip"));
        var again = (TabularGanTransformer)ml.Model.LoadWithGan(folder.File("chain.zip"), out var schema);
        using (again)
        {
            Assert.AreEqual(20, schema.Count);
            CollectionAssert.AreEqual(TabularFixtures.Rows(TabularFixtures.Model.Generate(10, seed: 4)), TabularFixtures.Rows(again.Generate(10, seed: 4)));
        }
    }

    [TestMethod]
    public void AManifestWhoseMixtureDoesNotFitIsRefusedWhenLoaded()
    {
        using var folder = new TempFolder();
        var path = folder.File("tabular.zip");
        TabularFixtures.Model.Save(path);
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = zip.Entries.Single(e => e.FullName.EndsWith("tabular.json", StringComparison.Ordinal));
            string json;
            using (var reader = new StreamReader(entry.Open()))
            {
                json = reader.ReadToEnd();
            }

            var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
            node["Columns"]!.AsArray().First(c => c!["Name"]!.GetValue<string>() == "tenure")!["ModeStds"] = new System.Text.Json.Nodes.JsonArray();
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(entry.FullName).Open());
            writer.Write(node.ToJsonString());
        }

        var e = Assert.ThrowsExactly<InvalidDataException>(() => TabularGanTransformer.Load(new MLContext(0), path));
        StringAssert.Contains(e.Message, "column 'tenure': its modes (means, stds, weights) do not fit together");
    }

    [TestMethod]
    public void ConditionedRowsAllHoldTheAskedCategoryAndBadConditionsAreNamed()
    {
        var model = TabularFixtures.Model;
        var churned = model.Generate(60, ("churn", "Yes"), seed: 3).GetColumn<ReadOnlyMemory<char>>("churn").Select(c => c.ToString()).ToList();
        Assert.HasCount(60, churned);
        Assert.IsTrue(churned.All(c => c == "Yes"));

        var unknown = Assert.ThrowsExactly<ArgumentException>(() => model.Generate(5, ("churn", "Maybe")));
        StringAssert.Contains(unknown.Message, "'Maybe' is not a category of column 'churn'; its categories: No, Yes");
        var numeric = Assert.ThrowsExactly<ArgumentException>(() => model.Generate(5, ("tenure", "3")));
        StringAssert.Contains(numeric.Message, "condition column 'tenure' is numeric (Int32)");
        var missing = Assert.ThrowsExactly<ArgumentException>(() => model.Generate(5, ("colour", "red")));
        StringAssert.Contains(missing.Message, "'colour' is not a column of the model");
    }

    [TestMethod]
    public void AppendedRowsFollowTheDataInItsSchemaAndTransformPassesDataThrough()
    {
        var model = TabularFixtures.Model;
        var real = TabularFixtures.Churn();
        var augmented = model.AppendSyntheticRows(real, 25, ("churn", "Yes"), seed: 2);
        Assert.AreEqual(625L, augmented.GetRowCount());
        Assert.AreSame(real.Schema, augmented.Schema);
        var churn = augmented.GetColumn<ReadOnlyMemory<char>>("churn").Select(c => c.ToString()).ToList();
        CollectionAssert.AreEqual(real.GetColumn<ReadOnlyMemory<char>>("churn").Select(c => c.ToString()).ToList(), churn.Take(600).ToList());
        Assert.IsTrue(churn.Skip(600).All(c => c == "Yes"));
        Assert.AreSame(real, model.Transform(real), "RowsToAppend 0: the data passes through");

        var other = new MLContext(0).Data.LoadFromEnumerable(new[] { new { churn = 1f } });
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.AppendSyntheticRows(other, 3));
        StringAssert.Contains(e.Message, "Schema mismatch for tabular column 'churn': expected String (what the model generates), got Single");
    }

    [TestMethod]
    public void ColumnsOfTypesItCannotLearnAreRefusedByNameTypeExpectedAndFound()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(new[] { new VectorRow { Size = 1, Pixels = new float[] { 1, 2 } }, new VectorRow { Size = 2, Pixels = new float[] { 3, 4 } } });
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Gan().Trainers.TabularGan(TabularFixtures.Tiny()).Fit(data));
        StringAssert.Contains(e.Message, "Schema mismatch for tabular column 'Pixels': expected a scalar number (Single, Double or an integer type), text, key or Boolean, got Vector<Single, 2>");

        var label = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.Gan().Trainers.TabularGan(new TabularGanTrainer.Options { LabelColumnName = "tenure", ColumnNames = new[] { "tenure", "churn" }, MaxSteps = 1 }).Fit(TabularFixtures.Churn()));
        StringAssert.Contains(label.Message, "Schema mismatch for label column 'tenure': expected text, key or Boolean (a class label), got Int32");

        var pac = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Gan().Trainers.TabularGan(new TabularGanTrainer.Options { BatchSize = 55 }));
        StringAssert.Contains(pac.Message, "option Pac must be at least 1 and divide BatchSize (55)");
    }

    [TestMethod]
    public void CancellationStopsTrainingWithAUsableModelAndCheckpointsResumeExactly()
    {
        var ml = new MLContext(0);
        var data = TabularFixtures.Churn();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var stopped = TabularFixtures.Tiny(steps: 50);
        stopped.CancellationToken = cancel.Token;
        using (var early = ml.Gan().Trainers.TabularGan(stopped).Fit(data))
        {
            Assert.IsTrue(early.History!.Cancelled);
            Assert.AreEqual(0L, early.Info.Steps);
            Assert.AreEqual(5L, early.Generate(5).GetRowCount());
        }

        using var folder = new TempFolder();
        using var straight = ml.Gan().Trainers.TabularGan(TabularFixtures.Tiny(steps: 12)).Fit(data);
        var first = TabularFixtures.Tiny(steps: 6);
        first.CheckpointDirectory = folder.Path;
        ml.Gan().Trainers.TabularGan(first).Fit(data).Dispose();
        var resumed = TabularFixtures.Tiny(steps: 12);
        resumed.ResumeFrom = Path.Combine(folder.Path, "checkpoint.zip");
        using var continued = ml.Gan().Trainers.TabularGan(resumed).Fit(data);
        Assert.AreEqual(12L, continued.Info.Steps);
        CollectionAssert.AreEqual(TabularFixtures.Rows(straight.Generate(30, seed: 1)), TabularFixtures.Rows(continued.Generate(30, seed: 1)),
            "6 steps, a checkpoint and 6 more give the same generator as 12 steps");
    }

    [TestMethod]
    public void TheMixtureOfANumericColumnFindsItsModesAndPrunesTinyOnes()
    {
        // Monthly charges of the real table: a low mode (phone only, about 20) and higher ones (internet plans).
        var charges = TabularFixtures.Churn().GetColumn<float>("monthly_charges").Select(v => (double)v).ToArray();
        var (means, stds, weights) = ColumnMixture.Fit(charges, 10, 0.005, 0);
        Assert.IsTrue(means.Length is >= 2 and <= 10);
        Assert.IsTrue(weights.All(w => w >= 0.005));
        Assert.AreEqual(1.0, weights.Sum(), 1e-9);
        Assert.IsTrue(means.Any(m => m is > 18 and < 26), $"a mode near 20 (phone-only plans): {string.Join(", ", means)}");
        Assert.IsTrue(stds.All(s => s > 0));

        var counts = ColumnMixture.Fit(Enumerable.Repeat(0.0, 50).Concat(Enumerable.Repeat(1.0, 30)).ToArray(), 10, 0.005, 0);
        Assert.HasCount(2, counts.Means, "a column of two values gets a mode for each");

        // A spike: 0 in 998 of 1000 rows (like a delinquent amount); the pruned outliers must not widen the mode at 0.
        var spike = ColumnMixture.Fit(Enumerable.Repeat(0.0, 998).Concat(new[] { 5000.0, 12000.0 }).ToArray(), 10, 0.005, 0);
        var main = Array.IndexOf(spike.Weights, spike.Weights.Max());
        Assert.AreEqual(0.0, spike.Means[main], 1e-6);
        Assert.IsLessThan(0.1, spike.Stds[main], "a generated value of that mode rounds back to 0");
    }

    private sealed class VectorRow
    {
        public float Size { get; set; }

        [VectorType(2)]
        public float[] Pixels { get; set; } = Array.Empty<float>();
    }
}
