// Reading CSV files for the tabular GAN: types inferred from the values and overridable, missing values, quoted fields,
// and bad files refused with the file, row, column, what was expected and what was found.
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Tabular;

[TestClass]
public sealed class TabularCsvTests
{
    [TestMethod]
    public void TypesAreInferredFromTheValuesOfARealTable()
    {
        var table = TabularCsv.Read(TabularFixtures.ChurnCsv);
        var types = table.Data.Schema.ToDictionary(c => c.Name, c => c.Type);
        Assert.AreEqual(TextDataViewType.Instance, types["churn"]);
        Assert.AreEqual(NumberDataViewType.Int32, types["tenure"], "whole numbers without missing values");
        Assert.AreEqual(NumberDataViewType.Single, types["monthly_charges"]);
        Assert.AreEqual(NumberDataViewType.Single, types["total_charges"], "whole-number test fails on the missing values: Single with NaN");
        Assert.AreEqual(11, table.Data.GetColumn<float>("total_charges").Count(float.IsNaN));
        Assert.AreEqual(600L, table.Data.GetRowCount());
        Assert.IsEmpty(table.Warnings);

        var overridden = TabularCsv.Read(TabularFixtures.ChurnCsv, new TabularCsvOptions { CategoricalColumns = new[] { "senior_citizen" }, IgnoredColumns = new[] { "female" } });
        Assert.AreEqual(TextDataViewType.Instance, overridden.Data.Schema["senior_citizen"].Type);
        Assert.IsNull(overridden.Data.Schema.GetColumnOrNull("female"));
    }

    [TestMethod]
    public void WrittenRowsReadBackTheSameWithQuotedFieldsAndMissingValues()
    {
        using var folder = new TempFolder();
        var path = folder.File("in.csv");
        File.WriteAllText(path, "name,size,flag\n\"Smith, J.\",1.5,true\n\"say \"\"hi\"\"\",,false\nplain,2,true\n");
        var table = TabularCsv.Read(path);
        Assert.AreEqual(BooleanDataViewType.Instance, table.Data.Schema["flag"].Type);
        CollectionAssert.AreEqual(new[] { "Smith, J.", "say \"hi\"", "plain" }, table.Data.GetColumn<ReadOnlyMemory<char>>("name").Select(n => n.ToString()).ToArray());
        TabularCsv.Write(table.Data, folder.File("out.csv"));
        var again = TabularCsv.Read(folder.File("out.csv"));
        CollectionAssert.AreEqual(TabularFixtures.Rows(table.Data), TabularFixtures.Rows(again.Data));
        Assert.IsFalse(Directory.GetFiles(folder.Path).Any(f => Path.GetFileName(f).StartsWith('.')), "no temporary file left");
    }

    [TestMethod]
    public void BadFilesAreRefusedWithFileRowColumnExpectedAndFound()
    {
        using var folder = new TempFolder();
        Assert.Contains("the file is empty", Refused(folder, "empty.csv", string.Empty));
        Assert.Contains("has a header row (a, b) but no data rows", Refused(folder, "header.csv", "a,b\n"));
        Assert.Contains("ragged.csv, row 3: 3 fields, expected 2 (the header has 2 columns)", Refused(folder, "ragged.csv", "a,b\n1,2\n3,4,5\n"));
        Assert.Contains("the header names column 'a' twice", Refused(folder, "twice.csv", "a,a\n1,2\n"));
        Assert.Contains("a quoted field is not closed", Refused(folder, "quote.csv", "a,b\n\"1,2\n"));
        var number = Refused(folder, "number.csv", "a,b\n1,x\n2,3\n", new TabularCsvOptions { NumericColumns = new[] { "b" } });
        Assert.Contains("number.csv, row 2, column 'b': expected a number (the column is Single), found 'x'", number);
        var unknown = Assert.ThrowsExactly<ArgumentException>(() => TabularCsv.Read(Write(folder, "ok.csv", "a,b\n1,2\n"), new TabularCsvOptions { IgnoredColumns = new[] { "c" } }));
        StringAssert.Contains(unknown.Message, "no column 'c'; the header has: a, b");
        var huge = Refused(folder, "rows.csv", "a\n1\n2\n3\n", new TabularCsvOptions { MaxRows = 2 });
        Assert.Contains("more than 2 data rows; take a sample of the file first", huge);
    }

    [TestMethod]
    public void AConstantColumnAndAMostlyNumericColumnAreReportedAndAnIdentifierRefusedWhenLearned()
    {
        using var folder = new TempFolder();
        var rows = string.Join("\n", Enumerable.Range(0, 40).Select(i => $"id{i},7,{(i == 3 ? "n/a" : i.ToString(System.Globalization.CultureInfo.InvariantCulture))},{i % 2}"));
        var path = Write(folder, "t.csv", "id,constant,mostly,label\n" + rows + "\n");
        var table = TabularCsv.Read(path);
        Assert.IsTrue(table.Warnings.Any(w => w.Contains("column 'constant' holds one value ('7') in every row", StringComparison.Ordinal)), string.Join("\n", table.Warnings));
        Assert.IsTrue(table.Warnings.Any(w => w.Contains("column 'mostly' is read as categories: 39 of 40 values are numbers but e.g. 'n/a' is not", StringComparison.Ordinal)), string.Join("\n", table.Warnings));
        var options = TabularFixtures.Tiny(1);
        options.LabelColumnName = null;
        var e = Assert.ThrowsExactly<ArgumentException>(() => new MLContext(0).Gan().Trainers.TabularGan(options).Fit(table.Data));
        StringAssert.Contains(e.Message, "column 'id': 40 distinct values in 40 rows, one per row: an identifier cannot be learned");
    }

    private static string Refused(TempFolder folder, string name, string content, TabularCsvOptions? options = null) =>
        Assert.ThrowsExactly<InvalidDataException>(() => TabularCsv.Read(Write(folder, name, content), options)).Message;

    private static string Write(TempFolder folder, string name, string content)
    {
        var path = folder.File(name);
        File.WriteAllText(path, content);
        return path;
    }
}
