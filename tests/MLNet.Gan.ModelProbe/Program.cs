// Loads a model file written by mlContext.Model.SaveWithGan in a process of its own, runs it on rows read from a
// tab-separated file (a header of the model's input column names, text or numbers), and writes each requested output
// column as raw bytes (Single vectors as little-endian float32, images as their pixel bytes) so a test can compare
// them with what the saving process computed. Exit code 0 on success, 2 with one "error:" line otherwise.
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan;

if (args.Length < 4)
{
    Console.Error.WriteLine("usage: MLNet.Gan.ModelProbe MODEL.zip ROWS.tsv OUT-FOLDER COLUMN [COLUMN...]");
    return 2;
}

try
{
    var (modelPath, rowsPath, outFolder) = (args[0], args[1], args[2]);
    var ml = new MLContext(seed: 1);
    var model = ml.Model.LoadWithGan(modelPath, out var inputSchema);
    var header = File.ReadLines(rowsPath).First().Split('\t');
    var columns = header.Select((name, i) => new TextLoader.Column(name, KindOf(inputSchema, name), i)).ToArray();
    var rows = ml.Data.LoadFromTextFile(rowsPath, columns, separatorChar: '\t', hasHeader: true, allowQuoting: false);
    var output = model.Transform(rows);
    Directory.CreateDirectory(outFolder);
    File.WriteAllLines(Path.Combine(outFolder, "schema.txt"), output.Schema.Select(c => $"{c.Name}\t{c.Type}"));
    var count = 0;
    foreach (var name in args.Skip(3))
    {
        var (bytes, rowCount) = ColumnBytes(output, name);
        File.WriteAllBytes(Path.Combine(outFolder, name + ".bin"), bytes);
        count = rowCount;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {args.Length - 3} column(s) of {count} row(s)"));
    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
    return 2;
}

// The text loader kind of an input column: its type in the model's input schema (text when it is not there).
static DataKind KindOf(DataViewSchema schema, string name)
{
    var type = schema.GetColumnOrNull(name)?.Type;
    return type switch
    {
        null or TextDataViewType => DataKind.String,
        KeyDataViewType => DataKind.UInt32,
        _ when type.RawType == typeof(float) => DataKind.Single,
        _ when type.RawType == typeof(int) => DataKind.Int32,
        _ when type.RawType == typeof(long) => DataKind.Int64,
        _ => throw new ArgumentException($"input column '{name}' has type {type}, which a text row cannot hold"),
    };
}

// Every row's value of a column, concatenated (Single vectors as float32 bytes, images as their pixel bytes), and the row count.
static (byte[] Bytes, int Rows) ColumnBytes(IDataView data, string name)
{
    var rows = 0;
    var column = data.Schema.GetColumnOrNull(name) ?? throw new ArgumentException($"output column '{name}' not found");
    using var bytes = new MemoryStream();
    if (column.Type is VectorDataViewType { ItemType: NumberDataViewType } v && v.ItemType.RawType == typeof(float))
    {
        foreach (var values in data.GetColumn<float[]>(column))
        {
            bytes.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            rows++;
        }
    }
    else if (column.Type is Microsoft.ML.Transforms.Image.ImageDataViewType)
    {
        foreach (var image in data.GetColumn<MLImage>(column))
        {
            bytes.Write(image.Pixels);
            rows++;
        }
    }
    else
    {
        throw new ArgumentException($"output column '{name}' has type {column.Type}; the probe writes Single vectors and images");
    }

    return (bytes.ToArray(), rows);
}
