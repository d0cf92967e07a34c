// Small row classes and views shared by the data layer tests.
using MLNet.Gan.Data;

namespace MLNet.Gan.Data.Tests;

public sealed class AllTypesRow
{
    public float Single;
    public double Double;
    public int Int32;
    public long Int64;
    public bool Flag;
    public string Text = string.Empty;

    [KeyType(3)]
    public uint Label;

    [VectorType(2, 3)]
    public float[] Features = [];

    [ImageType(2, 2)]
    public MLImage? Picture;

    [ColumnName("Renamed")]
    public int Original;

    [NoColumn]
    public int Ignored;

    public float[] Variable = [];
}

public sealed class TableRow
{
    public string Color = string.Empty;
    public float X;

    [VectorType(3)]
    public float[] V = [];
}

internal static class TestData
{
    public static AllTypesRow[] AllTypes(int n) => Enumerable.Range(0, n).Select(i => new AllTypesRow
    {
        Single = i + 0.5f,
        Double = i * 2.25,
        Int32 = -i,
        Int64 = 10_000_000_000L + i,
        Flag = i % 2 == 0,
        Text = $"t{i}",
        Label = (uint)(i % 3 + 1),
        Features = Enumerable.Range(0, 6).Select(j => i * 10f + j).ToArray(),
        Picture = new MLImage(2, 2, 1, [(byte)i, 1, 2, 3]),
        Original = 100 + i,
        Ignored = 7,
        Variable = Enumerable.Repeat(1f, i % 4).ToArray(),
    }).ToArray();

    public static TableRow[] Table() =>
    [
        new() { Color = "red", X = 1f, V = [1, 2, 3] },
        new() { Color = "green", X = -2f, V = [4, 5, 6] },
        new() { Color = "red", X = 3f, V = [7, 8, 9] },
        new() { Color = "blue", X = 0.5f, V = [0, -1, 2] },
    ];

    public static IDataView Numbers(GanContext ctx, int n) =>
        new InMemoryDataView.Builder()
            .AddColumn("Id", NumberDataViewType.Int32, Enumerable.Range(0, n).ToArray())
            .AddColumn("Value", NumberDataViewType.Single, Enumerable.Range(0, n).Select(i => (float)i * 0.5f).ToArray())
            .ToDataView();
}
