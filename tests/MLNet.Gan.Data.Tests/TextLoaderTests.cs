// LoadFromTextFile: scalar and vector columns, quoting, the Options overload, and errors that name file, line and column.
using MLNet.Gan.Data;
using MLNet.Gan.TestUtilities;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class TextLoaderTests
{
    // Writes content to a temporary file, runs the test on its path and deletes the file.
    private static void WithFile(string content, Action<string> test)
    {
        var path = Path.Combine(Path.GetTempPath(), $"textloader-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, content);
        try
        {
            test(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ReadsScalarVectorAndQuotedTextColumns()
    {
        WithFile("label,a,b,c,name\n1,0.5,1.5,-2,\"x, y\"\n0,3,4,5,z\n", path =>
        {
            var view = new GanContext(1).Data.LoadFromTextFile(path,
            [
                new TextLoader.Column("Label", DataKind.Int32, 0),
                new TextLoader.Column("Features", DataKind.Single, 1, 3),
                new TextLoader.Column("Name", DataKind.String, 4),
            ], separatorChar: ',', hasHeader: true, allowQuoting: true);
            Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3), view.Schema["Features"].Type);
            CollectionAssert.AreEqual(new[] { 1, 0 }, view.GetColumn<int>("Label").ToArray());
            CollectionAssert.AreEqual(new[] { 0.5f, 1.5f, -2f }, view.GetColumn<VBuffer<float>>("Features").First().ToArray());
            CollectionAssert.AreEqual(new[] { "x, y", "z" }, view.GetColumn<string>("Name").ToArray());
        });
    }

    [TestMethod]
    public void TabSeparatedWithoutHeader()
    {
        WithFile("1\t2.5\n3\t4.5\n", path =>
        {
            // ML.NET's defaults: tab-separated, no header.
            var view = new GanContext(1).Data.LoadFromTextFile(path, [new TextLoader.Column("V", DataKind.Double, 1)]);
            CollectionAssert.AreEqual(new[] { 2.5, 4.5 }, view.GetColumn<double>("V").ToArray());
        });
    }

    [TestMethod]
    public void UnparsableNumberNamesFileLineColumnAndText()
    {
        WithFile("a,b\n1,2\n3,abc\n", path =>
        {
            var e = Assert.ThrowsExactly<FormatException>(() => new GanContext(1).Data.LoadFromTextFile(path,
                [new TextLoader.Column("A", DataKind.Single, 0), new TextLoader.Column("B", DataKind.Single, 1)], ',', hasHeader: true));
            StringAssert.Contains(e.Message, $"line 3 of '{path}'");
            StringAssert.Contains(e.Message, "'B'");
            StringAssert.Contains(e.Message, "'abc'");
        });
    }

    [TestMethod]
    public void MissingFieldNamesFileLineAndColumn()
    {
        WithFile("a,b,c\n1,2,3\n4,5\n", path =>
        {
            var e = Assert.ThrowsExactly<FormatException>(() => new GanContext(1).Data.LoadFromTextFile(path,
                [new TextLoader.Column("V", DataKind.Int64, 0, 2)], ',', hasHeader: true));
            StringAssert.Contains(e.Message, $"line 3 of '{path}'");
            StringAssert.Contains(e.Message, "'V'");
            StringAssert.Contains(e.Message, "missing field");
        });
    }

    [TestMethod]
    public void MissingFileIsReported()
    {
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => new GanContext(1).Data.LoadFromTextFile("/nonexistent/x.csv", [new TextLoader.Column("A", DataKind.Single, 0)]));
        StringAssert.Contains(e.Message, "/nonexistent/x.csv");
    }

    [TestMethod]
    public void OptionsOverloadReadsWhatThePlainOverloadReads()
    {
        WithFile("label,a,b,c,name\n1,0.5,1.5,-2,\"x, y\"\n0,3,4,5,z\n", path =>
        {
            TextLoader.Column[] columns =
            [
                new TextLoader.Column("Label", DataKind.Int32, 0),
                new TextLoader.Column("Features", DataKind.Single, 1, 3),
                new TextLoader.Column("Name", DataKind.String, 4),
            ];
            var ctx = new GanContext(1);
            var plain = ctx.Data.LoadFromTextFile(path, columns, ',', hasHeader: true, allowQuoting: true);
            var options = ctx.Data.LoadFromTextFile(path, new TextLoader.Options { Columns = columns, Separators = [','], HasHeader = true, AllowQuoting = true });
            DataViewAssert.Equal(plain, options);
            Assert.AreEqual(2L, options.GetRowCount());
        });
    }

    [TestMethod]
    public void OptionsAloneGiveSeveralSeparatorsARowLimitAndADecimalComma()
    {
        WithFile("1;2,5|a\n2|-0,25;b\n3;7|c\n", path =>
        {
            var view = new GanContext(1).Data.LoadFromTextFile(path, new TextLoader.Options
            {
                Columns = [new TextLoader.Column("Id", DataKind.Int32, 0), new TextLoader.Column("X", DataKind.Single, 1), new TextLoader.Column("S", DataKind.String, 2)],
                Separators = [';', '|'],
                DecimalMarker = ',',
                MaxRows = 2,
            });
            CollectionAssert.AreEqual(new[] { 1, 2 }, view.GetColumn<int>("Id").ToArray());
            CollectionAssert.AreEqual(new[] { 2.5f, -0.25f }, view.GetColumn<float>("X").ToArray());
            CollectionAssert.AreEqual(new[] { "a", "b" }, view.GetColumn<string>("S").ToArray());
            Assert.ThrowsExactly<ArgumentException>(() => new GanContext(1).Data.LoadFromTextFile(path, new TextLoader.Options
            {
                Columns = [new TextLoader.Column("Id", DataKind.Int32, 0)],
                Separators = [','],
                DecimalMarker = ',',
            }));
        });
    }

    [TestMethod]
    public void WithoutQuotingQuotesAreTextAndTrimWhitespaceCutsLineEnds()
    {
        WithFile("\"a,b\",c   \n", path =>
        {
            TextLoader.Column[] columns = [new TextLoader.Column("F", DataKind.String, 0, 2)];
            var ctx = new GanContext(1);
            var raw = ctx.Data.LoadFromTextFile(path, columns, ',').GetColumn<VBuffer<string>>("F").Single().ToArray();
            CollectionAssert.AreEqual(new[] { "\"a", "b\"", "c   " }, raw);
            var trimmed = ctx.Data.LoadFromTextFile(path, columns, ',', trimWhitespace: true).GetColumn<VBuffer<string>>("F").Single().ToArray();
            CollectionAssert.AreEqual(new[] { "\"a", "b\"", "c" }, trimmed);
            var quoted = ctx.Data.LoadFromTextFile(path, [new TextLoader.Column("F", DataKind.String, 0, 1)], ',', allowQuoting: true);
            CollectionAssert.AreEqual(new[] { "a,b", "c   " }, quoted.GetColumn<VBuffer<string>>("F").Single().ToArray());
        });
    }
}
