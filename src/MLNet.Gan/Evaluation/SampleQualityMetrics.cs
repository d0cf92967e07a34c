// The result of a sample-quality evaluation: every figure with the sample count it rests on, as a table for people
// and as JSON (keys n, fd, kid, kid_std, precision, recall, density, coverage, accuracy, ...) for scripts.
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MLNet.Gan.Evaluation;

/// <summary>The Fréchet distance of one class: real images of the class against images generated for it.</summary>
/// <param name="ClassIndex">The class.</param>
/// <param name="ClassName">Its name.</param>
/// <param name="RealCount">Real images of the class in the sample.</param>
/// <param name="GeneratedCount">Images generated for the class.</param>
/// <param name="Fd">The Fréchet distance, or null with fewer than 2 images on a side.</param>
public sealed record ClassFrechetDistance(int ClassIndex, string ClassName, int RealCount, int GeneratedCount, double? Fd);

/// <summary>Sample-quality metrics of a generator against real data, in the feature space of an <see cref="ImageClassifier"/>.</summary>
public sealed record SampleQualityMetrics
{
    /// <summary>Images on each side (real and generated): the n every figure rests on.</summary>
    public required int N { get; init; }

    /// <summary>Fréchet distance of the feature Gaussians (0 for identical statistics; lower is better).</summary>
    public required double Fd { get; init; }

    /// <summary>Kernel distance: mean and spread of the unbiased MMD² over subsets (≈ 0 for one distribution; lower is better).</summary>
    public required KernelDistance Kid { get; init; }

    /// <summary>Precision, recall, density and coverage of the k-nearest-neighbour manifolds.</summary>
    public required ManifoldScores Manifold { get; init; }

    /// <summary>Share of generated images the classifier assigns to the class they were generated for; null for an unconditional model.</summary>
    public double? Accuracy { get; init; }

    /// <summary>Per-class Fréchet distances (conditional models); empty otherwise.</summary>
    public IReadOnlyList<ClassFrechetDistance> PerClassFd { get; init; } = [];

    /// <summary>The classifier's class names, the order of the histograms.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>How many generated images the classifier assigns to each class (a missing class is a dropped mode).</summary>
    public required IReadOnlyList<int> GeneratedHistogram { get; init; }

    /// <summary>The same for the real images, for comparison.</summary>
    public required IReadOnlyList<int> RealHistogram { get; init; }

    /// <summary>The feature extractor's accuracy on labelled real test images, when known.</summary>
    public double? ExtractorTestAccuracy { get; init; }

    /// <summary>The generation and subset seed.</summary>
    public int Seed { get; init; }

    /// <summary>A plain-text table: the headline figures, per-class FD and the two histograms.</summary>
    public string ToTable()
    {
        var b = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        void Line(string name, string value, string note) => b.AppendLine(inv, $"{name,-10} {value,12}  {note}");
        Line("n", N.ToString(inv), "real and generated images each");
        Line("FD", Fd.ToString("0.000", inv), "Fréchet distance in classifier features (lower is better)");
        Line("KID", Kid.Mean.ToString("0.00000", inv), $"± {Kid.Std.ToString("0.00000", inv)} over {Kid.Subsets} subsets of {Kid.SubsetSize} (lower is better)");
        Line("precision", Manifold.Precision.ToString("0.000", inv), $"generated inside the real manifold (k = {Manifold.NearestNeighbours})");
        Line("recall", Manifold.Recall.ToString("0.000", inv), "real inside the generated manifold");
        Line("density", Manifold.Density.ToString("0.000", inv), "real neighbourhoods per generated image / k (1 when matched)");
        Line("coverage", Manifold.Coverage.ToString("0.000", inv), "real images with a generated one in their neighbourhood");
        Line("accuracy", Accuracy is { } a ? a.ToString("0.000", inv) : "-", "generated images seen as their requested class");
        if (ExtractorTestAccuracy is { } t)
        {
            Line("extractor", t.ToString("0.000", inv), "classifier accuracy on real test images");
        }

        var width = Math.Max(5, ClassNames.Max(c => c.Length));
        b.AppendLine().AppendLine(inv, $"{"class".PadRight(width)}  {"real",6}  {"generated",9}  {"FD",9}  (histogram of predicted classes; FD per requested class)");
        for (var i = 0; i < ClassNames.Count; i++)
        {
            var fd = PerClassFd.FirstOrDefault(c => c.ClassIndex == i)?.Fd;
            b.AppendLine(inv, $"{ClassNames[i].PadRight(width)}  {RealHistogram[i],6}  {GeneratedHistogram[i],9}  {(fd is { } f ? f.ToString("0.000", inv) : "-"),9}");
        }

        return b.ToString().TrimEnd();
    }

    /// <summary>The metrics as an indented JSON object with snake_case keys.</summary>
    public string ToJson()
    {
        var perClass = new JsonArray(PerClassFd.Select(c => (JsonNode)new JsonObject
        {
            ["index"] = c.ClassIndex,
            ["name"] = c.ClassName,
            ["n_real"] = c.RealCount,
            ["n_generated"] = c.GeneratedCount,
            ["fd"] = c.Fd,
        }).ToArray());
        var json = new JsonObject
        {
            ["n"] = N,
            ["fd"] = Fd,
            ["kid"] = Kid.Mean,
            ["kid_std"] = Kid.Std,
            ["kid_subsets"] = Kid.Subsets,
            ["kid_subset_size"] = Kid.SubsetSize,
            ["precision"] = Manifold.Precision,
            ["recall"] = Manifold.Recall,
            ["density"] = Manifold.Density,
            ["coverage"] = Manifold.Coverage,
            ["k"] = Manifold.NearestNeighbours,
            ["accuracy"] = Accuracy,
            ["extractor_test_accuracy"] = ExtractorTestAccuracy,
            ["seed"] = Seed,
            ["classes"] = new JsonArray(ClassNames.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()),
            ["generated_histogram"] = new JsonArray(GeneratedHistogram.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
            ["real_histogram"] = new JsonArray(RealHistogram.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
            ["per_class_fd"] = perClass,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
