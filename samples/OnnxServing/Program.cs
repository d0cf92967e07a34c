// Serves a generator that MLNet.Gan exported to ONNX with nothing but stock ML.NET: reads the contract from the file's
// metadata, builds ApplyOnnxModel -> ConvertToImage, writes a PNG grid per class, and checks that the pipeline gives
// identical pixels after mlContext.Model.Save and mlContext.Model.Load.
//
//   dotnet run --project samples/OnnxServing -- generator.onnx out-folder [images per class]
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using OnnxServing;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: OnnxServing MODEL.onnx OUT_FOLDER [IMAGES_PER_CLASS]");
    return 2;
}

var (onnxPath, outFolder) = (args[0], args[1]);
var perClass = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8;
Directory.CreateDirectory(outFolder);

// The contract travels in the ONNX file's metadata_props.
var contract = ReadContract(onnxPath);
Console.WriteLine($"model: {contract.Height}x{contract.Width}, {contract.Channels} channel(s), latent {contract.LatentSize}, " +
    $"written by MLNet.Gan {contract.LibraryVersion}");
Console.WriteLine($"classes: {(contract.ClassNames.Length == 0 ? "(unconditional)" : string.Join(",", contract.ClassNames))}");

// ApplyOnnxModel (Latent [+ Label] -> Pixels, 0..255, channel-planar), then ConvertToImage. ConvertToImage reads one plane
// per color, so a gray model's single plane is repeated as red, green and blue.
var ml = new MLContext(seed: 1);
var conditional = contract.ClassNames.Length > 0;
var definition = GeneratorRow.Definition(contract.LatentSize, conditional);
var empty = ml.Data.LoadFromEnumerable(Array.Empty<GeneratorRow>(), definition);
string[] inputs = conditional ? ["Latent", "Label"] : ["Latent"];
IEstimator<ITransformer> pipeline = ml.Transforms.ApplyOnnxModel(["Pixels"], inputs, onnxPath);
var planes = "Pixels";
if (contract.Channels == 1)
{
    planes = "PixelsRgb";
    pipeline = pipeline.Append(ml.Transforms.Concatenate(planes, "Pixels", "Pixels", "Pixels"));
}

pipeline = pipeline.Append(ml.Transforms.ConvertToImage(contract.Height, contract.Width, "Image", planes));
var model = pipeline.Fit(empty);

// One row per image: image i of every class uses the latent of seed i (Box-Muller over System.Random(seed), the contract's recipe).
var classes = conditional ? contract.ClassNames.Length : 1;
var rows = Enumerable.Range(0, classes).SelectMany(c => Enumerable.Range(0, perClass).Select(i => new GeneratorRow
{
    Latent = Latents.Normal(seed: i, contract.LatentSize),
    Label = conditional ? [c] : [],
})).ToList();
var images = Generate(model, ml.Data.LoadFromEnumerable(rows, definition));
for (var c = 0; c < classes; c++)
{
    var name = conditional ? $"grid-{c:00}-{Safe(contract.ClassNames[c])}.png" : "grid.png";
    using var grid = Grid.Row(images.Skip(c * perClass).Take(perClass).ToList());
    grid.Save(Path.Combine(outFolder, name));
    Console.WriteLine($"wrote {name}");
}

// The pipeline is ML.NET's own: Model.Save writes it (the ONNX bytes inside), Model.Load in a new context reads it back.
var zip = Path.Combine(outFolder, "pipeline.zip");
ml.Model.Save(model, empty.Schema, zip);
var fresh = new MLContext(seed: 2);
var loaded = fresh.Model.Load(zip, out var schema);
var again = Generate(loaded, fresh.Data.LoadFromEnumerable(rows, definition));
var identical = images.Zip(again).All(p => p.First.Pixels.SequenceEqual(p.Second.Pixels));
Console.WriteLine($"pipeline.zip: {new FileInfo(zip).Length} bytes, input columns {string.Join(",", schema.Select(c => c.Name))}");
Console.WriteLine($"identical after Model.Save/Load: {identical} ({images.Count} images)");
Console.WriteLine($"assemblies: {string.Join(",", AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Where(n => n!.Contains("Torch") || n.Contains("Gan")).DefaultIfEmpty("no TorchSharp, no MLNet.Gan"))}");
return identical ? 0 : 1;

static List<MLImage> Generate(ITransformer model, IDataView rows) =>
    model.Transform(rows).GetColumn<MLImage>("Image").ToList();

static string Safe(string name) => string.Concat(name.Select(ch => char.IsLetterOrDigit(ch) ? ch : '_'));

static Contract ReadContract(string path)
{
    using var session = new InferenceSession(path);
    var meta = session.ModelMetadata.CustomMetadataMap;
    if (!meta.TryGetValue("mlnet_gan.kind", out var kind) || kind != "generator")
    {
        throw new InvalidDataException($"{path}: not a generator exported by MLNet.Gan (metadata mlnet_gan.kind: {kind ?? "missing"})");
    }

    int Int(string key) => int.Parse(meta[key], System.Globalization.CultureInfo.InvariantCulture);
    return new Contract(Int("image_height"), Int("image_width"), Int("channels"), Int("latent_size"),
        JsonSerializer.Deserialize<string[]>(meta["class_names"]) ?? [], meta["library_version"]);
}

internal sealed record Contract(int Height, int Width, int Channels, int LatentSize, string[] ClassNames, string LibraryVersion);
