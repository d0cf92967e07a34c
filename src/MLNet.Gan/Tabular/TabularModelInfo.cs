// What a fitted tabular GAN is: the columns it learned (types, categories, per-column Gaussian mixtures), its networks'
// sizes and how it was trained; stored as the JSON manifest of its part of a model file.
namespace MLNet.Gan.Tabular;

/// <summary>How a column is modelled.</summary>
public enum TabularColumnKind
{
    /// <summary>A number: mode-specific normalisation (a Gaussian mixture per column), generated as a mode and a value within it.</summary>
    Numeric,

    /// <summary>A category (text, key or Boolean): one-hot encoded, generated through a Gumbel softmax, used for conditioning.</summary>
    Categorical,
}

/// <summary>One learned column: its ML.NET type, categories or Gaussian-mixture parameters.</summary>
public sealed class TabularColumnInfo
{
    /// <summary>The column name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Numeric or categorical.</summary>
    public TabularColumnKind Kind { get; set; }

    /// <summary>
    /// The ML.NET type, as generated rows carry it: Single, Double, SByte, Byte, Int16, UInt16, Int32, UInt32, Int64, UInt64
    /// (numeric), String (text), Key (key, <see cref="KeyCount"/> values) or Boolean.
    /// </summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>Key columns: the number of key values.</summary>
    public ulong KeyCount { get; set; }

    /// <summary>Key columns: true when the training column carried key-value names (they are written back as its KeyValues annotation).</summary>
    public bool KeyHasNames { get; set; }

    /// <summary>Categorical columns: the categories in code order (missing values are not among them; see <see cref="HasMissing"/>).</summary>
    public string[] Categories { get; set; } = Array.Empty<string>();

    /// <summary>Rows of each category in the training data (same order as <see cref="Categories"/>, then missing when <see cref="HasMissing"/>).</summary>
    public int[] CategoryCounts { get; set; } = Array.Empty<int>();

    /// <summary>
    /// True when the training column had missing values: NaN in a Single/Double column (learned as an extra "missing" mode),
    /// an empty text or a key of 0 in a categorical one (learned as a category of its own).
    /// </summary>
    public bool HasMissing { get; set; }

    /// <summary>Numeric columns: the smallest value seen (generated values are clipped to the seen range).</summary>
    public double Minimum { get; set; }

    /// <summary>Numeric columns: the largest value seen.</summary>
    public double Maximum { get; set; }

    /// <summary>Numeric columns: the means of the Gaussian mixture's modes (after pruning the tiny ones).</summary>
    public double[] ModeMeans { get; set; } = Array.Empty<double>();

    /// <summary>Numeric columns: the standard deviations of the modes.</summary>
    public double[] ModeStds { get; set; } = Array.Empty<double>();

    /// <summary>Numeric columns: the weights of the modes (they sum to 1).</summary>
    public double[] ModeWeights { get; set; } = Array.Empty<double>();

    /// <summary>True for the integer types: generated values are rounded.</summary>
    public bool IsInteger => Type is "SByte" or "Byte" or "Int16" or "UInt16" or "Int32" or "UInt32" or "Int64" or "UInt64";

    /// <summary>
    /// Width of the column in the encoded row: numeric, 1 (the value within its mode) + one per mode (+1 for missing);
    /// categorical, one per category (+1 for missing).
    /// </summary>
    public int EncodedWidth => Kind == TabularColumnKind.Numeric
        ? 1 + ModeMeans.Length + (HasMissing ? 1 : 0)
        : Categories.Length + (HasMissing ? 1 : 0);

    /// <summary>The category code of <paramref name="value"/> (ordinal, then case-insensitive), or -1.</summary>
    public int CategoryIndex(string value)
    {
        var exact = Array.IndexOf(Categories, value);
        return exact >= 0 ? exact : Array.FindIndex(Categories, c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>Describes a fitted tabular GAN: everything needed to rebuild its generator and decode what it generates.</summary>
public sealed class TabularModelInfo
{
    /// <summary>The version of this manifest's layout.</summary>
    public int FormatVersion { get; set; } = 1;

    /// <summary>Always "tabular".</summary>
    public string Kind { get; set; } = "tabular";

    /// <summary>The learned columns, in the order rows are encoded and generated.</summary>
    public TabularColumnInfo[] Columns { get; set; } = Array.Empty<TabularColumnInfo>();

    /// <summary>The label column named when training (used by evaluation and the command line), or null.</summary>
    public string? LabelColumnName { get; set; }

    /// <summary>Size of the noise vector z.</summary>
    public int LatentSize { get; set; }

    /// <summary>Widths of the generator's residual layers.</summary>
    public int[] GeneratorLayers { get; set; } = Array.Empty<int>();

    /// <summary>Widths of the discriminator's hidden layers.</summary>
    public int[] DiscriminatorLayers { get; set; } = Array.Empty<int>();

    /// <summary>Rows per discriminator pack (PacGAN).</summary>
    public int Pac { get; set; }

    /// <summary>Rows per training batch.</summary>
    public int BatchSize { get; set; }

    /// <summary>Temperature of the Gumbel softmax of the categorical outputs in training.</summary>
    public double GumbelTemperature { get; set; }

    /// <summary>Adam learning rate of both networks.</summary>
    public double LearningRate { get; set; }

    /// <summary>Rows the model was trained on.</summary>
    public int TrainingRows { get; set; }

    /// <summary>Generator steps trained.</summary>
    public long Steps { get; set; }

    /// <summary>The training seed.</summary>
    public int Seed { get; set; }

    /// <summary>Rows the fitted transformer appends to the data it transforms (0: it passes the data through).</summary>
    public int RowsToAppend { get; set; }

    /// <summary>Share of the data's rows held out of training for evaluation (set by <c>mlnet-gan tabular train</c>, which splits with ML.NET's TrainTestSplit); 0 when none were.</summary>
    public double HeldOutFraction { get; set; }

    /// <summary>The seed of that split.</summary>
    public int SplitSeed { get; set; }

    /// <summary>The categorical columns (the ones a condition can name), in encoding order.</summary>
    public IEnumerable<TabularColumnInfo> CategoricalColumns => Columns.Where(c => c.Kind == TabularColumnKind.Categorical);
}
