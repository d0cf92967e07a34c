// Schema errors read like ML.NET's own ("Could not find ... column", "Schema mismatch for ... column: expected ...,
// got ..."), the same through the estimator's GetOutputSchema(SchemaShape), through Fit, and inside an ML.NET chain.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class SchemaErrorTests
{
    private readonly MLContext _ml = new(seed: 1);

    private GanTrainer Conditional(Action<GanTrainer.Options>? change = null)
    {
        var options = ToyData.TinyOptions();
        change?.Invoke(options);
        return _ml.Gan().Trainers.ConditionalGan(options);
    }

    /// <summary>
    /// The schema shape ML.NET's estimator chains hand to GetOutputSchema. ML.NET makes it with SchemaShape.Create, which
    /// it keeps internal, so the test calls that same method.
    /// </summary>
    internal static SchemaShape Shape(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .Invoke(null, new object[] { schema })!;

    /// <summary>The same error, of ML.NET's type, from GetOutputSchema and from Fit.</summary>
    private static string BothWays(IEstimator<ITransformer> estimator, IDataView data)
    {
        var fromShape = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(Shape(data.Schema)));
        var fromFit = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(data));
        Assert.AreEqual("inputSchema", fromShape.ParamName, "ML.NET names the schema argument");
        StringAssert.StartsWith(fromFit.Message, fromShape.Message[..fromShape.Message.IndexOf(':')], "the same wording both ways");
        return fromShape.Message;
    }

    [TestMethod]
    public void AMissingImageColumnIsNamedWithTheColumnsThereAre()
    {
        var data = ToyData.Quadrants(_ml);
        var message = BothWays(Conditional(o => o.ImageColumnName = "Pixels"), data);
        StringAssert.Contains(message, "Could not find image column 'Pixels'");
        StringAssert.Contains(message, "the data has: Image, Label");
        StringAssert.Contains(message, "ImageDataViewType");
    }

    [TestMethod]
    public void AScalarImageColumnIsAMismatch()
    {
        var data = _ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new ScalarRow { Image = i, Label = 1 }).ToList());
        var message = BothWays(Conditional(), data);
        StringAssert.Contains(message, "Schema mismatch for image column 'Image'");
        StringAssert.Contains(message, "known-size Vector<Single>");
        StringAssert.Contains(message, "got Single");
    }

    [TestMethod]
    public void ATextImageColumnIsAMismatch()
    {
        var data = _ml.Data.LoadFromEnumerable(Enumerable.Range(0, 4).Select(_ => new TextRow { Image = "a.png" }).ToList());
        var message = BothWays(_ml.Gan().Trainers.Gan(), data);
        StringAssert.Contains(message, "Schema mismatch for image column 'Image'");
        StringAssert.Contains(message, "got String");
    }

    [TestMethod]
    public void AnIntegerLabelIsRefusedWithTheMapValueToKeyFix()
    {
        var random = new Random(1);
        var rows = Enumerable.Range(0, 40).Select(i => new ToyData.PlainRow { Image = ToyData.QuadrantImage(i % 4, random), Label = i % 4 }).ToList();
        var message = BothWays(Conditional(), _ml.Data.LoadFromEnumerable(rows));
        StringAssert.Contains(message, "Schema mismatch for label column 'Label'");
        StringAssert.Contains(message, "Key<UInt32>");
        StringAssert.Contains(message, "got Int32");
        StringAssert.Contains(message, "mlContext.Transforms.Conversion.MapValueToKey(\"Label\")");
    }

    [TestMethod]
    public void ATextLabelIsRefusedAndMapValueToKeyInTheChainFixesIt()
    {
        var random = new Random(1);
        var rows = Enumerable.Range(0, 64).Select(i => new ToyData.TextLabelRow { Image = ToyData.QuadrantImage(i % 4, random), Label = "class" + (i % 4) }).ToList();
        var data = _ml.Data.LoadFromEnumerable(rows);
        var message = BothWays(Conditional(), data);
        StringAssert.Contains(message, "got String");
        StringAssert.Contains(message, "MapValueToKey");

        var chain = _ml.Transforms.Conversion.MapValueToKey("Label").Append(Conditional(o => o.MaxSteps = 2));
        var shape = chain.GetOutputSchema(Shape(data.Schema));
        var generated = shape.Single(c => c.Name == "GeneratedImage");
        Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, generated.Kind);
        Assert.AreEqual(NumberDataViewType.Single, generated.ItemType);
        using var model = chain.Fit(data).LastTransformer;
        CollectionAssert.AreEqual(new[] { "class0", "class1", "class2", "class3" }, model.ClassNames.ToArray(), "class names from the key's values");
    }

    [TestMethod]
    public void AMissingLabelColumnIsNamedButAPlainGanNeedsNone()
    {
        var data = _ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(_ => new ToyData.ImageRow { Image = Pixels.Gray(28, 28, 0) }).ToList());
        var message = BothWays(Conditional(), data);
        StringAssert.Contains(message, "Could not find label column 'Label'");
        StringAssert.Contains(message, "the data has: Image");

        var shape = _ml.Gan().Trainers.Gan().GetOutputSchema(Shape(data.Schema));
        Assert.IsInstanceOfType<ImageDataViewType>(shape.Single(c => c.Name == "GeneratedImage").ItemType, "an image column generates images");
    }

    [TestMethod]
    public void AnImageOfAnotherSizePassesTheSchemaCheckAndFailsFitNamingColumnRowAndSizes()
    {
        // The column type says 28x28, row 17 holds another size (a column of no fixed size, as LoadImages makes
        // without ResizeImages, is in MlNetPipelineTests: LoadFromEnumerable cannot hold one).
        var rows = Enumerable.Range(0, 40).Select(i => new ToyData.ImageRow { Image = Pixels.Gray(i == 17 ? 32 : 28, i == 17 ? 30 : 28, 0) }).ToList();
        var data = _ml.Data.LoadFromEnumerable(rows);
        var options = ToyData.TinyOptions(conditional: false);
        var trainer = _ml.Gan().Trainers.Gan(options);
        var shape = trainer.GetOutputSchema(Shape(data.Schema));
        Assert.IsTrue(shape.Any(c => c.Name == "GeneratedImage"), "the images' sizes are only known once the rows are read");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => trainer.Fit(data));
        StringAssert.Contains(e.Message, "column 'Image'");
        StringAssert.Contains(e.Message, "row 17");
        StringAssert.Contains(e.Message, "image is 32x30");
        StringAssert.Contains(e.Message, "expected 28x28");
        StringAssert.Contains(e.Message, "ResizeImages");
    }

    [TestMethod]
    public void AFittedModelChecksTheLabelAndSeedColumnsItReads()
    {
        var options = ToyData.TinyOptions();
        options.MaxSteps = 2;
        options.SeedColumnName = "Seed";
        using var model = _ml.Gan().Trainers.ConditionalGan(options).Fit(ToyData.Quadrants(_ml));

        var noLabel = _ml.Data.LoadFromEnumerable(new[] { new SeedOnlyRow { Seed = 1 } }.ToList());
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Transform(noLabel));
        StringAssert.Contains(e.Message, "Could not find label column 'Label'");
        StringAssert.Contains(e.Message, "with 4 classes");

        var wrongCount = _ml.Data.LoadFromEnumerable(new[] { new FiveClassRow { Label = 1, Seed = 1 } }.ToList());
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.GetOutputSchema(wrongCount.Schema));
        StringAssert.Contains(e.Message, "Schema mismatch for label column 'Label'");
        StringAssert.Contains(e.Message, "Key<UInt32> with 4 classes");

        var noSeed = _ml.Data.LoadFromEnumerable(ToyData.QuadrantRows(4));
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Transform(noSeed));
        StringAssert.Contains(e.Message, "Could not find seed column 'Seed'");

        var requests = _ml.Data.LoadFromEnumerable(new[] { new SeededRequest { Label = 2, Seed = 5 } }.ToList());
        var schema = model.GetOutputSchema(requests.Schema);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 1, 8, 8), schema["GeneratedImage"].Type);
    }

    public sealed class ScalarRow
    {
        public float Image { get; set; }

        [KeyType(4)]
        public uint Label { get; set; }
    }

    public sealed class TextRow
    {
        public string Image { get; set; } = string.Empty;
    }

    public sealed class SeedOnlyRow
    {
        public int Seed { get; set; }
    }

    public sealed class FiveClassRow
    {
        [KeyType(5)]
        public uint Label { get; set; }

        public int Seed { get; set; }
    }
}
