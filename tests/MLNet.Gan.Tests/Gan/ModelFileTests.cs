// Model files of whole chains: a fitted LoadImages -> ... -> ExtractPixels -> ConditionalGan chain saved with
// SaveWithGan gives byte-identical columns when a separate process loads it; ML.NET's own Save points to SaveWithGan;
// a file that is not a model, or whose parts do not match, is refused naming the file.
using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan;
using MLNet.Gan.IO;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class ModelFileTests
{
    private TempFolder _folder = null!;

    [TestInitialize]
    public void MakeFolder() => _folder = new TempFolder();

    [TestCleanup]
    public void RemoveFolder() => _folder.Dispose();

    /// <summary>Every row's values of a Single-vector column, as the probe writes them: little-endian float32 bytes.</summary>
    private static byte[] VectorBytes(IDataView data, string column) =>
        data.GetColumn<float[]>(column).SelectMany(v => System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.AsSpan()).ToArray()).ToArray();

    [TestMethod]
    public void AMixedChainSavedWithGanGivesIdenticalColumnsInAnotherProcess()
    {
        var images = Path.Combine(_folder.Path, "images");
        PipelineData.WriteClassFolders(images, perClass: 4);
        var ml = new MLContext(seed: 1);
        var data = PipelineData.Load(ml, images, out var listing);
        var model = PipelineData.ConditionalPipeline(ml).Fit(data);
        var path = _folder.File("model.zip");
        ml.Model.SaveWithGan(model, data.Schema, path);
        CollectionAssert.AreEqual(new[] { "model.zip" }, _folder.FileNames(), "written under a temporary name and renamed into place");

        var transformed = model.Transform(data);
        var pixels = VectorBytes(transformed, "Pixels");
        var generated = VectorBytes(transformed, "GeneratedImage");
        Assert.AreEqual(12 * 784 * 4, generated.Length);

        var rows = _folder.File("rows.tsv");
        File.WriteAllLines(rows, new[] { "ImagePath\tLabel" }.Concat(listing.ImagePaths.Select((p, i) => $"{p}\t{listing.Labels![i]}")));
        var outFolder = Path.Combine(_folder.Path, "probe");
        var (code, output) = ModelProbe.Run(path, rows, outFolder, "Pixels", "GeneratedImage");
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "wrote 2 column(s) of 12 row(s)");
        var schema = File.ReadAllLines(Path.Combine(outFolder, "schema.txt"));
        CollectionAssert.Contains(schema, "GeneratedImage\tVector<Single, 1, 28, 28>");
        CollectionAssert.Contains(schema, "Label\tKey<UInt32, 0-2>", "MapValueToKey was saved by ML.NET and loaded back");
        CollectionAssert.AreEqual(pixels, File.ReadAllBytes(Path.Combine(outFolder, "Pixels.bin")), "the ML.NET part of the chain");
        CollectionAssert.AreEqual(generated, File.ReadAllBytes(Path.Combine(outFolder, "GeneratedImage.bin")), "the GAN part of the chain");

        // The same file loaded here too: the chain's parts in order, the input schema kept.
        var loaded = ml.Model.LoadWithGan(path, out var inputSchema);
        CollectionAssert.AreEqual(data.Schema.Select(c => (c.Name, c.Type)).ToList(), inputSchema.Select(c => (c.Name, c.Type)).ToList());
        var parts = ((IEnumerable<ITransformer>)loaded).ToList();
        Assert.IsInstanceOfType<GanTransformer>(parts[^1]);
        Assert.HasCount(6, parts, "five ML.NET transforms and the GAN");
        CollectionAssert.AreEqual(generated, VectorBytes(loaded.Transform(data), "GeneratedImage"));
    }

    [TestMethod]
    public void MlNetsOwnSavePointsToSaveWithGan()
    {
        var ml = new MLContext(seed: 1);
        var data = ToyData.Quadrants(ml, rows: 64);
        var options = ToyData.TinyOptions();
        options.MaxSteps = 1;
        var chain = ml.Transforms.CopyColumns("Copy", "Image").Append(ml.Gan().Trainers.ConditionalGan(options)).Fit(data);
        var e = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(chain, data.Schema, _folder.File("mlnet.zip")));
        StringAssert.Contains(e.Message, "mlContext.Model.SaveWithGan(model, inputSchema, path)");
        StringAssert.Contains(e.Message, "LoadWithGan");
        Assert.ThrowsExactly<NotSupportedException>(() => chain.LastTransformer.GetRowToRowMapper(data.Schema));
    }

    /// <summary>A single saved GAN model (zip with manifest.json and part-000/).</summary>
    private string SavedModel(string name = "model.zip")
    {
        var ml = new MLContext(seed: 1);
        var options = ToyData.TinyOptions();
        options.MaxSteps = 1;
        using var model = ml.Gan().Trainers.ConditionalGan(options).Fit(ToyData.Quadrants(ml, rows: 64));
        var path = _folder.File(name);
        model.Save(path);
        return path;
    }

    /// <summary>Replaces one entry of a zip with <paramref name="edit"/> of its text.</summary>
    private static void EditEntry(string zipPath, string entry, Func<string, string> edit)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        var old = zip.GetEntry(entry) ?? throw new AssertFailedException($"{zipPath} has no {entry}");
        string text;
        using (var reader = new StreamReader(old.Open()))
        {
            text = reader.ReadToEnd();
        }

        old.Delete();
        using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
        writer.Write(edit(text));
    }

    private static InvalidDataException Refused(string path)
    {
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadWithGan(path, out _));
        StringAssert.Contains(e.Message, path, "the error names the file");
        return e;
    }

    [TestMethod]
    public void AFileThatIsNotAZipOrIsCutShortIsRefusedNamingIt()
    {
        var text = _folder.File("notes.zip");
        File.WriteAllText(text, "not a model");
        StringAssert.Contains(Refused(text).Message, "not an MLNet.Gan model file");

        var path = SavedModel();
        var bytes = File.ReadAllBytes(path);
        var cut = _folder.File("cut.zip");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        StringAssert.Contains(Refused(cut).Message, "not an MLNet.Gan model file");

        var missing = _folder.File("missing.zip");
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => new MLContext().Model.LoadWithGan(missing, out _));
        StringAssert.Contains(e.Message, missing);
    }

    [TestMethod]
    public void AZipWithoutOrWithAForeignManifestIsRefusedNamingWhatIsWrong()
    {
        var other = _folder.File("other.zip");
        using (var zip = ZipFile.Open(other, ZipArchiveMode.Create))
        {
            zip.CreateEntry("readme.txt");
        }

        StringAssert.Contains(Refused(other).Message, "has no 'manifest.json'");

        var newer = SavedModel("newer.zip");
        EditEntry(newer, "manifest.json", json => json.Replace(GanModelFile.Format, "mlnet-gan-model/9"));
        StringAssert.Contains(Refused(newer).Message, "format 'mlnet-gan-model/9', expected 'mlnet-gan-model/2'");

        var unknown = SavedModel("unknown.zip");
        EditEntry(unknown, "manifest.json", json => json.Replace("gan-generator", "gan-critic"));
        StringAssert.Contains(Refused(unknown).Message, "unknown part kind 'gan-critic'");

        var broken = SavedModel("broken.zip");
        EditEntry(broken, "manifest.json", json => json[..(json.Length / 2)]);
        StringAssert.Contains(Refused(broken).Message, "manifest.json");
    }

    [TestMethod]
    public void WeightsThatDoNotMatchTheManifestAreRefusedNamingThePart()
    {
        var path = SavedModel();
        EditEntry(path, "part-000/gan.json", json =>
        {
            var node = JsonNode.Parse(json)!;
            node["Width"] = 16;
            return node.ToJsonString();
        });
        var e = Refused(path);
        StringAssert.Contains(e.Message, "part-000/generator.safetensors");
        StringAssert.Contains(e.Message, "do not match the manifest");
        StringAssert.Contains(e.Message, "has shape");

        var noWeights = SavedModel("noweights.zip");
        using (var zip = ZipFile.Open(noWeights, ZipArchiveMode.Update))
        {
            zip.GetEntry("part-000/generator.safetensors")!.Delete();
        }

        StringAssert.Contains(Refused(noWeights).Message, "has no 'part-000/generator.safetensors'");
    }

    [TestMethod]
    public void GanTransformerLoadRefusesAChainFile()
    {
        var ml = new MLContext(seed: 1);
        var data = ToyData.Quadrants(ml, rows: 64);
        var options = ToyData.TinyOptions();
        options.MaxSteps = 1;
        var chain = ml.Transforms.CopyColumns("Copy", "Image").Append(ml.Gan().Trainers.ConditionalGan(options)).Fit(data);
        var path = _folder.File("chain.zip");
        ml.Model.SaveWithGan(chain, data.Schema, path);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => GanTransformer.Load(ml, path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "LoadWithGan");
        var loaded = ml.Model.LoadWithGan(path, out var schema);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 1, 8, 8), loaded.GetOutputSchema(schema)["GeneratedImage"].Type);
    }
}
