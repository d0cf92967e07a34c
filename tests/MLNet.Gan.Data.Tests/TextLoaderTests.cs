// LoadFromTextFile: scalar and vector columns, quoting, and errors that name file, line and column.
using MLNet.Gan.Data;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class TextLoaderTests
{
    private static string WriteTemp(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"textloader-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, content);
        return path;
    }

    [TestMethod]
    public void ReadsScalarVectorAndQuotedTextColumns()
    {
        var path = WriteTemp("label,a,b,c,name\n1,0.5,1.5,-2,\"x, y\"\n0,3,4,5,z\n");
        try
        {
            var view = new GanContext(1).Data.LoadFromTextFile(path,
            [
                new TextLoader.Column("Label", DataKind.Int32, 0),
                new TextLoader.Column("Features", DataKind.Single, 1, 3),
                new TextLoader.Column("Name", DataKind.String, 4),
            ]);
            Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3), view.Schema["Features"].Type);
            CollectionAssert.AreEqual(new[] { 1, 0 }, view.GetColumn<int>("Label").ToArray());
            CollectionAssert.AreEqual(new[] { 0.5f, 1.5f, -2f }, view.GetColumn<VBuffer<float>>("Features").First().ToArray());
            CollectionAssert.AreEqual(new[] { "x, y", "z" }, view.GetColumn<string>("Name").ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void TabSeparatedWithoutHeader()
    {
        var path = WriteTemp("1\t2.5\n3\t4.5\n");
        try
        {
            var view = new GanContext(1).Data.LoadFromTextFile(path, [new TextLoader.Column("V", DataKind.Double, 1)], '\t', hasHeader: false);
            CollectionAssert.AreEqual(new[] { 2.5, 4.5 }, view.GetColumn<double>("V").ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void UnparsableNumberNamesFileLineColumnAndText()
    {
        var path = WriteTemp("a,b\n1,2\n3,abc\n");
        try
        {
            var e = Assert.ThrowsExactly<FormatException>(() => new GanContext(1).Data.LoadFromTextFile(path,
                [new TextLoader.Column("A", DataKind.Single, 0), new TextLoader.Column("B", DataKind.Single, 1)]));
            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, "line 3");
            StringAssert.Contains(e.Message, "'B'");
            StringAssert.Contains(e.Message, "'abc'");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void MissingFieldNamesFileLineAndColumn()
    {
        var path = WriteTemp("a,b,c\n1,2,3\n4,5\n");
        try
        {
            var e = Assert.ThrowsExactly<FormatException>(() => new GanContext(1).Data.LoadFromTextFile(path,
                [new TextLoader.Column("V", DataKind.Int64, 0, 2)]));
            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, "line 3");
            StringAssert.Contains(e.Message, "'V'");
            StringAssert.Contains(e.Message, "missing field");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void MissingFileIsReported()
    {
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => new GanContext(1).Data.LoadFromTextFile("/nonexistent/x.csv", [new TextLoader.Column("A", DataKind.Single, 0)]));
        StringAssert.Contains(e.Message, "/nonexistent/x.csv");
    }
}
