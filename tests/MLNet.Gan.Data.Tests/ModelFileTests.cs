// Model files: chain round trips, loader discovery, and clear errors for corrupt, unknown or newer files.
using System.IO.Compression;
using System.Text.Json.Nodes;
using MLNet.Gan.Data;
using MLNet.Gan.TestUtilities;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class ModelFileTests
{
    private static readonly GanContext Ctx = new(1);

    private static string TempPath() => Path.Combine(Path.GetTempPath(), $"modelfile-{Guid.NewGuid():N}.zip");

    private static (ITransformer Model, IDataView Data) FittedChain()
    {
        var data = Ctx.Data.LoadFromEnumerable(TestData.Table());
        var pipeline = Ctx.Transforms.Conversion.MapValueToKey("Label", "Color")
            .Append(Ctx.Transforms.NormalizeMinMax("V"))
            .Append(Ctx.Transforms.Concatenate("Features", "V", "X"))
            .Append(new TrivialCounting());
        return (pipeline.Fit(data), data);
    }

    private sealed class TrivialCounting() : TrivialEstimator<CountingTransformer>(new CountingTransformer("Doubled", "X"));

    [TestMethod]
    public void ChainRoundTripsWithIdenticalOutputsAndSchema()
    {
        var (model, data) = FittedChain();
        var path = TempPath();
        try
        {
            Ctx.Model.Save(model, data.Schema, path);
            var loaded = Ctx.Model.Load(path, out var inputSchema);
            Assert.IsInstanceOfType<TransformerChain<ITransformer>>(loaded);
            Assert.AreEqual(4, ((TransformerChain<ITransformer>)loaded).Transformers.Count);
            CollectionAssert.AreEqual(data.Schema.Select(c => c.Name).ToArray(), inputSchema.Select(c => c.Name).ToArray());
            DataViewAssert.Equal(model.Transform(data), loaded.Transform(data));
            CollectionAssert.AreEqual(new[] { "red", "green", "blue" }, loaded.GetOutputSchema(inputSchema)["Label"].GetKeyValueNames());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ManifestRecordsFormatKindsColumnsAndTensorEntries()
    {
        var (model, data) = FittedChain();
        var path = TempPath();
        try
        {
            Ctx.Model.Save(model, data.Schema, path);
            using var zip = ZipFile.OpenRead(path);
            using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
            var manifest = JsonNode.Parse(reader.ReadToEnd())!;
            Assert.AreEqual(1, manifest["formatVersion"]!.GetValue<int>());
            Assert.AreEqual("TransformerChain", manifest["model"]!["kind"]!.GetValue<string>());
            Assert.AreEqual("NormalizeMinMax", manifest["model"]!["children"]!["1"]!["kind"]!.GetValue<string>());
            Assert.AreEqual("Color", manifest["inputSchema"]![0]!["name"]!.GetValue<string>());
            Assert.IsTrue(manifest["outputSchema"]!.AsArray().Any(c => c!["name"]!.GetValue<string>() == "Features"));
            Assert.IsNotNull(zip.GetEntry("model/children/1/tensors.safetensors"));
            Assert.IsFalse(Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}*").Any(), "no temporary file is left");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void NotAZipFileNamesTheFile()
    {
        var path = TempPath();
        File.WriteAllText(path, "this is not a zip");
        try
        {
            var e = Assert.ThrowsExactly<InvalidDataException>(() => Ctx.Model.Load(path, out _));
            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, "not a valid zip");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void TruncatedFileIsRejectedNamingTheFile()
    {
        var (model, data) = FittedChain();
        var path = TempPath();
        try
        {
            Ctx.Model.Save(model, data.Schema, path);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => Ctx.Model.Load(path, out _));
            StringAssert.Contains(e.Message, path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void MissingEntryNamesFileAndEntry()
    {
        var path = Rewrite(zip => zip.GetEntry("model/children/1/tensors.safetensors")!.Delete());
        try
        {
            var e = Assert.ThrowsExactly<InvalidDataException>(() => Ctx.Model.Load(path, out _));
            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, "model/children/1/tensors.safetensors");
            StringAssert.Contains(e.Message, "missing");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void CorruptTensorEntryNamesFileAndEntry()
    {
        var path = Rewrite(zip =>
        {
            zip.GetEntry("model/children/1/tensors.safetensors")!.Delete();
            using var s = zip.CreateEntry("model/children/1/tensors.safetensors").Open();
            s.Write([1, 2, 3]);
        });
        try
        {
            var e = Assert.ThrowsExactly<InvalidDataException>(() => Ctx.Model.Load(path, out _));
            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, "model/children/1/tensors.safetensors");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void UnknownKindAndNewerVersionAreExplained()
    {
        var unknown = EditManifest(m => m["model"]!["children"]!["0"]!["kind"] = "NoSuchTransform");
        var newer = EditManifest(m => m["formatVersion"] = 99);
        try
        {
            var e1 = Assert.ThrowsExactly<InvalidDataException>(() => Ctx.Model.Load(unknown, out _));
            StringAssert.Contains(e1.Message, unknown);
            StringAssert.Contains(e1.Message, "manifest.json");
            StringAssert.Contains(e1.Message, "'NoSuchTransform'");
            StringAssert.Contains(e1.Message, "MapValueToKey", "the known kinds are listed");
            var e2 = Assert.ThrowsExactly<InvalidDataException>(() => Ctx.Model.Load(newer, out _));
            StringAssert.Contains(e2.Message, newer);
            StringAssert.Contains(e2.Message, "format version 99");
        }
        finally
        {
            File.Delete(unknown);
            File.Delete(newer);
        }
    }

    [TestMethod]
    public void UnsaveableTransformerIsNamedAndNoFileIsWritten()
    {
        var path = TempPath();
        var e = Assert.ThrowsExactly<NotSupportedException>(() => Ctx.Model.Save(new NotSaveable(), null, path));
        StringAssert.Contains(e.Message, nameof(NotSaveable));
        Assert.IsFalse(File.Exists(path));
    }

    [TestMethod]
    public void RegisteredLoaderIsUsedForItsKind()
    {
        ModelLoaderRegistry.Register("Test.Registered", _ => new NotSaveable());
        Assert.IsTrue(ModelLoaderRegistry.TryGetLoader("Test.Registered", out var loader));
        Assert.IsInstanceOfType<NotSaveable>(loader(null!));
        Assert.IsTrue(ModelLoaderRegistry.TryGetLoader(CountingTransformer.Kind, out _), "attribute loaders of test assemblies are found");
    }

    private sealed class NotSaveable : ITransformer
    {
        public IDataView Transform(IDataView input) => input;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;
    }

    private static string Rewrite(Action<ZipArchive> edit)
    {
        var (model, data) = FittedChain();
        var path = TempPath();
        Ctx.Model.Save(model, data.Schema, path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            edit(zip);
        }

        return path;
    }

    private static string EditManifest(Action<JsonNode> edit) => Rewrite(zip =>
    {
        JsonNode manifest;
        var entry = zip.GetEntry("manifest.json")!;
        using (var r = new StreamReader(entry.Open()))
        {
            manifest = JsonNode.Parse(r.ReadToEnd())!;
        }

        entry.Delete();
        edit(manifest);
        using var w = new StreamWriter(zip.CreateEntry("manifest.json").Open());
        w.Write(manifest.ToJsonString());
    });
}
