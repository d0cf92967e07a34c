// mlnet-gan tabular train / generate / evaluate on a real table, and the one-line errors for bad input.
using MLNet.Gan.Tabular;
using MLNet.Gan.Tests.Tabular;

namespace MLNet.Gan.Tests.Cli;

[TestClass]
public sealed class CliTabularTests
{
    [TestMethod]
    public void TrainGenerateAndEvaluateRunOnARealCsvFile()
    {
        using var folder = new TempFolder();
        var out_ = Path.Combine(folder.Path, "run");
        var train = CliHarness.Ok("tabular", "train", "--data", TabularFixtures.ChurnCsv, "--label", "churn", "--steps", "4", "--batch-size", "100", "--out", out_);
        StringAssert.Contains(train.Output, "training a tabular GAN on");
        StringAssert.Contains(train.Output, "(600 rows, 20 columns; 20 % held out for evaluate)");
        StringAssert.Contains(train.Output, "done: 4 steps");
        Assert.IsTrue(File.Exists(Path.Combine(out_, "model.zip")) && File.Exists(Path.Combine(out_, "loss_curve.png")));

        var csv = folder.File("yes.csv");
        var generate = CliHarness.Ok("tabular", "generate", "--model", Path.Combine(out_, "model.zip"), "--count", "30", "--where", "churn=Yes", "--out", csv);
        StringAssert.Contains(generate.Output, "wrote 30 rows of 20 columns with churn = Yes");
        var rows = TabularCsv.Read(csv).Data;
        Assert.AreEqual(30L, rows.GetRowCount());
        Assert.IsTrue(Microsoft.ML.Data.ColumnCursorExtensions.GetColumn<ReadOnlyMemory<char>>(rows, "churn").All(c => c.ToString() == "Yes"));

        var evaluate = CliHarness.Ok("tabular", "evaluate", "--model", Path.Combine(out_, "model.zip"), "--data", TabularFixtures.ChurnCsv, "--rows", "200", "--report", folder.File("report.md"));
        StringAssert.Contains(evaluate.Output, "| LightGbm |");
        StringAssert.Contains(evaluate.Output, "| Sdca |");
        StringAssert.Contains(evaluate.Output, "| synthetic | 200 |");
        Assert.DoesNotContain("warning:", evaluate.Error, "the same file splits into the same training rows");
        StringAssert.Contains(File.ReadAllText(folder.File("report.md")), "Machine-learning efficacy (label `churn`");
    }

    [TestMethod]
    public void BadTabularInputIsOneErrorLineWithExitCode2()
    {
        using var folder = new TempFolder();
        var ragged = folder.File("ragged.csv");
        File.WriteAllText(ragged, "a,b\n1,2\n3\n");
        Expect(2, $"{ragged}, row 3: 1 fields, expected 2", "tabular", "train", "--data", ragged, "--steps", "1");
        Expect(2, "--data is required", "tabular", "train");
        Expect(2, "--label: ", "tabular", "train", "--data", TabularFixtures.ChurnCsv, "--label", "colour", "--steps", "1");
        Expect(2, "--label tenure: the column was read as numbers (Int32); a label is a category: add --categorical tenure",
            "tabular", "train", "--data", TabularFixtures.ChurnCsv, "--label", "tenure", "--steps", "1");
        Expect(2, "--test-fraction must be in [0, 1)", "tabular", "train", "--data", TabularFixtures.ChurnCsv, "--test-fraction", "1.5");
        Expect(2, "--model: file not found", "tabular", "generate", "--model", folder.File("none.zip"));
        Expect(2, "--where 'churn': expected COLUMN=VALUE", "tabular", "generate", "--model", folder.File("none.zip"), "--where", "churn");
    }

    private static void Expect(int code, string message, params string[] args)
    {
        var run = CliHarness.Run(args);
        Assert.AreEqual(code, run.Code, run.All);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, run.All);
        StringAssert.StartsWith(lines[0], "error: ");
        StringAssert.Contains(lines[0], message, run.All);
    }
}
