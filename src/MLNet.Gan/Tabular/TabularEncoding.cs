// The encoded row of CTGAN: per numeric column the value within its mode (tanh) and the mode one-hot (softmax, with a
// "missing" mode when the column had NaN), per categorical column the category one-hot (softmax, "missing" a category of
// its own). Encoding a table for training, decoding generated logits back into column values.
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLNet.Gan.Tabular;

/// <summary>Where each column lives in the encoded row and in the conditional vector.</summary>
internal sealed class TabularEncoding
{
    public TabularEncoding(TabularColumnInfo[] columns)
    {
        Columns = columns;
        Offsets = new int[columns.Length];
        CondOffsets = new int[columns.Length];
        var spans = new List<(int, int, bool)>();
        int width = 0, cond = 0;
        for (var i = 0; i < columns.Length; i++)
        {
            var c = columns[i];
            Offsets[i] = width;
            CondOffsets[i] = -1;
            if (c.Kind == TabularColumnKind.Numeric)
            {
                spans.Add((width, 1, true));
                spans.Add((width + 1, c.EncodedWidth - 1, false));
            }
            else
            {
                spans.Add((width, c.EncodedWidth, false));
                CondOffsets[i] = cond;
                cond += c.EncodedWidth;
            }

            width += c.EncodedWidth;
        }

        Width = width;
        CondWidth = cond;
        Spans = spans;
        Discrete = Enumerable.Range(0, columns.Length).Where(i => columns[i].Kind == TabularColumnKind.Categorical).ToArray();
    }

    public TabularColumnInfo[] Columns { get; }

    /// <summary>Width of an encoded row.</summary>
    public int Width { get; }

    /// <summary>Per column: where its part of the encoded row starts.</summary>
    public int[] Offsets { get; }

    /// <summary>Width of the conditional vector (every category of every categorical column).</summary>
    public int CondWidth { get; }

    /// <summary>Per column: where its categories start in the conditional vector (-1 for numeric columns).</summary>
    public int[] CondOffsets { get; }

    /// <summary>The categorical columns' indices.</summary>
    public int[] Discrete { get; }

    /// <summary>Activation spans of the generator's output: (start, length, tanh or softmax).</summary>
    public IReadOnlyList<(int Start, int Length, bool Tanh)> Spans { get; }

    /// <summary>
    /// Encodes the table into rows (Rows, Width), row-major; a numeric value's mode is drawn from its responsibilities
    /// (as CTGAN does) with a generator seeded by <paramref name="seed"/>.
    /// </summary>
    public float[] Encode(TabularTable table, int seed)
    {
        var random = new Random(seed);
        var rows = new float[(long)table.Rows * Width];
        for (var i = 0; i < Columns.Length; i++)
        {
            var c = Columns[i];
            var offset = Offsets[i];
            if (c.Kind == TabularColumnKind.Categorical)
            {
                var codes = table.Codes[i];
                for (var r = 0; r < table.Rows; r++)
                {
                    rows[((long)r * Width) + offset + codes[r]] = 1;
                }

                continue;
            }

            var values = table.Numbers[i];
            var modes = c.ModeMeans.Length;
            var p = new double[modes];
            for (var r = 0; r < table.Rows; r++)
            {
                var at = ((long)r * Width) + offset;
                var v = values[r];
                if (double.IsNaN(v))
                {
                    rows[at + 1 + modes] = 1; // the missing mode; the value slot stays 0
                    continue;
                }

                ColumnMixture.Responsibilities(v, c.ModeMeans, c.ModeStds, c.ModeWeights, p);
                var k = Draw(p, random);
                rows[at] = (float)Math.Clamp((v - c.ModeMeans[k]) / (4 * c.ModeStds[k]), -0.99, 0.99);
                rows[at + 1 + k] = 1;
            }
        }

        return rows;
    }

    /// <summary>
    /// The generator's output (B, Width) made into an encoded row: tanh on values, Gumbel softmax at
    /// <paramref name="temperature"/> on one-hot parts (differentiable, as the discriminator sees it in training).
    /// </summary>
    public Tensor Activate(Tensor raw, double temperature)
    {
        var parts = Spans.Select(s =>
        {
            var part = raw.narrow(1, s.Start, s.Length);
            return s.Tanh ? part.tanh() : GumbelSoftmax(part, temperature);
        }).ToArray();
        return cat(parts, 1);
    }

    /// <summary>
    /// Cross-entropy of the generator's raw output on the conditioned category: for each row, the categorical column its
    /// condition named (<paramref name="mask"/> (B, discrete columns), one 1 per row) against the category in
    /// <paramref name="cond"/> (B, CondWidth). Summed over columns, averaged over rows (CTGAN's conditional loss).
    /// </summary>
    public Tensor ConditionalLoss(Tensor raw, Tensor cond, Tensor mask)
    {
        var losses = new List<Tensor>();
        for (var d = 0; d < Discrete.Length; d++)
        {
            var i = Discrete[d];
            var width = Columns[i].EncodedWidth;
            var logits = raw.narrow(1, Offsets[i], width);                          // (B, categories)
            var target = cond.narrow(1, CondOffsets[i], width).argmax(1);            // (B)
            var loss = F.cross_entropy(logits, target, reduction: nn.Reduction.None); // (B)
            losses.Add(loss * mask.select(1, d));
        }

        return losses.Count == 0 ? zeros(1, device: raw.device).squeeze() : stack(losses, 1).sum() / raw.shape[0];
    }

    /// <summary>
    /// Decodes generated logits (<paramref name="count"/> rows of Width, row-major) into column values: numbers (NaN for the
    /// missing mode; clipped to the seen range, rounded for integer types) and category codes (Categories.Length for
    /// missing). Modes and categories are drawn from the softmax with Gumbel noise from <paramref name="random"/>.
    /// </summary>
    public (double[][] Numbers, int[][] Codes) Decode(float[] raw, int count, Random random)
    {
        var numbers = new double[Columns.Length][];
        var codes = new int[Columns.Length][];
        for (var i = 0; i < Columns.Length; i++)
        {
            var c = Columns[i];
            var offset = Offsets[i];
            if (c.Kind == TabularColumnKind.Categorical)
            {
                codes[i] = new int[count];
                for (var r = 0; r < count; r++)
                {
                    codes[i][r] = GumbelMax(raw.AsSpan((r * Width) + offset, c.EncodedWidth), random);
                }

                continue;
            }

            numbers[i] = new double[count];
            var modes = c.ModeMeans.Length;
            for (var r = 0; r < count; r++)
            {
                var at = (r * Width) + offset;
                var k = GumbelMax(raw.AsSpan(at + 1, c.EncodedWidth - 1), random);
                if (k == modes)
                {
                    numbers[i][r] = double.NaN;
                    continue;
                }

                var v = (Math.Tanh(raw[at]) * 4 * c.ModeStds[k]) + c.ModeMeans[k];
                v = Math.Clamp(v, c.Minimum, c.Maximum);
                numbers[i][r] = c.IsInteger ? Math.Round(v) : v;
            }
        }

        return (numbers, codes);
    }

    // Softmax of (logits + Gumbel noise) / tau: a differentiable draw of a category.
    private static Tensor GumbelSoftmax(Tensor logits, double temperature)
    {
        var u = rand_like(logits).clamp(1e-10, 1 - 1e-7);
        var gumbel = -(-u.log()).log();
        return F.softmax((logits + gumbel) / temperature, 1);
    }

    // argmax(logits + Gumbel noise): a draw from softmax(logits).
    private static int GumbelMax(ReadOnlySpan<float> logits, Random random)
    {
        var best = 0;
        var bestValue = double.NegativeInfinity;
        for (var j = 0; j < logits.Length; j++)
        {
            var u = Math.Clamp(random.NextDouble(), 1e-12, 1 - 1e-12);
            var v = logits[j] - Math.Log(-Math.Log(u));
            if (v > bestValue)
            {
                bestValue = v;
                best = j;
            }
        }

        return best;
    }

    private static int Draw(double[] p, Random random)
    {
        var u = random.NextDouble();
        for (var k = 0; k < p.Length; k++)
        {
            u -= p[k];
            if (u <= 0)
            {
                return k;
            }
        }

        return p.Length - 1;
    }
}
