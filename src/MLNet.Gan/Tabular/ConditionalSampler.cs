// CTGAN's conditional vector and training-by-sampling: a categorical column is picked uniformly and a category of it with
// probability proportional to the log of its frequency (so rare categories are asked for often enough to be learned), and
// the real rows the discriminator sees are drawn among the rows holding that category. On libtorch's generator in
// training (so a checkpoint's RNG state resumes it exactly); on a seeded System.Random for generation.
using static TorchSharp.torch;

namespace MLNet.Gan.Tabular;

/// <summary>Draws conditional vectors and the real rows that match them.</summary>
internal sealed class ConditionalSampler : IDisposable
{
    private readonly TabularEncoding _encoding;
    private readonly int _rows;
    private readonly Tensor? _logFrequency;   // (D, max categories), rows sum to 1
    private readonly Tensor? _columnOffsets;  // (D) offset of each categorical column in the conditional vector
    private readonly Tensor? _rowsByCategory; // (Rows * D) row indices grouped by conditional-vector position
    private readonly Tensor? _starts;         // (CondWidth) where each position's rows start in _rowsByCategory
    private readonly Tensor? _counts;         // (CondWidth) how many rows hold it
    private readonly Device _device;

    public ConditionalSampler(TabularEncoding encoding, TabularTable table, Device device)
    {
        _encoding = encoding;
        _rows = table.Rows;
        _device = device;
        var discrete = encoding.Discrete;
        if (discrete.Length == 0)
        {
            return;
        }

        var widest = discrete.Max(i => encoding.Columns[i].EncodedWidth);
        var logFrequency = new float[discrete.Length * widest];
        var grouped = new List<long>();
        var starts = new long[encoding.CondWidth];
        var counts = new long[encoding.CondWidth];
        for (var d = 0; d < discrete.Length; d++)
        {
            var i = discrete[d];
            var column = encoding.Columns[i];
            var weights = column.CategoryCounts.Select(n => Math.Log(n + 1)).ToArray();
            var total = weights.Sum();
            for (var k = 0; k < weights.Length; k++)
            {
                logFrequency[(d * widest) + k] = (float)(weights[k] / total);
                var position = encoding.CondOffsets[i] + k;
                starts[position] = grouped.Count;
                var codes = table.Codes[i];
                for (var r = 0; r < codes.Length; r++)
                {
                    if (codes[r] == k)
                    {
                        grouped.Add(r);
                    }
                }

                counts[position] = grouped.Count - starts[position];
            }
        }

        _logFrequency = tensor(logFrequency, new long[] { discrete.Length, widest }).to(device);
        _columnOffsets = tensor(discrete.Select(i => (long)encoding.CondOffsets[i]).ToArray()).to(device);
        _rowsByCategory = tensor(grouped.ToArray()).to(device);
        _starts = tensor(starts).to(device);
        _counts = tensor(counts).to(device);
    }

    /// <summary>
    /// A training batch's conditions: the conditional vectors (B, CondWidth), the mask of the column each names (B, D),
    /// and for the real rows a second, shuffled set of the same conditions with rows (B) that hold them (CTGAN pairs
    /// real rows with a permutation of the fake rows' conditions).
    /// </summary>
    public (Tensor Cond, Tensor Mask, Tensor RealCond, Tensor RealRows) SampleTraining(int batch)
    {
        if (_logFrequency is null)
        {
            var none = zeros(batch, 0, device: _device);
            return (none, none, none, randint(_rows, batch, dtype: ScalarType.Int64, device: _device));
        }

        var columns = randint(_columnOffsets!.shape[0], batch, dtype: ScalarType.Int64, device: _device); // (B)
        var categories = _logFrequency.index_select(0, columns).multinomial(1).squeeze(1);                  // (B)
        var positions = _columnOffsets.index_select(0, columns) + categories;                              // (B)
        var cond = zeros(batch, _encoding.CondWidth, device: _device).scatter_(1, positions.unsqueeze(1), ones(batch, 1, device: _device));
        var mask = zeros(batch, _columnOffsets.shape[0], device: _device).scatter_(1, columns.unsqueeze(1), ones(batch, 1, device: _device));

        var permutation = randperm(batch, device: _device);
        var realPositions = positions.index_select(0, permutation);
        var pick = (rand(batch, device: _device) * _counts!.index_select(0, realPositions)).floor().to_type(ScalarType.Int64);
        var rows = _rowsByCategory!.index_select(0, _starts!.index_select(0, realPositions) + pick);
        return (cond, mask, cond.index_select(0, permutation), rows);
    }

    /// <summary>
    /// Conditional vectors (count, CondWidth) for generation: each names <paramref name="where"/> (column index, category
    /// code) when given, else a uniformly chosen categorical column and a category of it at its training frequency, so
    /// unconditioned rows follow the data's distribution.
    /// </summary>
    public static float[] SampleForGeneration(TabularEncoding encoding, int count, Random random, (int Column, int Code)? where)
    {
        var cond = new float[count * encoding.CondWidth];
        var discrete = encoding.Discrete;
        if (discrete.Length == 0)
        {
            return cond;
        }

        for (var r = 0; r < count; r++)
        {
            int column, code;
            if (where is { } w)
            {
                (column, code) = w;
            }
            else
            {
                column = discrete[random.Next(discrete.Length)];
                var counts = encoding.Columns[column].CategoryCounts;
                var u = random.NextDouble() * counts.Sum();
                code = 0;
                while (code < counts.Length - 1 && (u -= counts[code]) > 0)
                {
                    code++;
                }
            }

            cond[(r * encoding.CondWidth) + encoding.CondOffsets[column] + code] = 1;
        }

        return cond;
    }

    public void Dispose()
    {
        foreach (var t in new[] { _logFrequency, _columnOffsets, _rowsByCategory, _starts, _counts })
        {
            t?.Dispose();
        }
    }
}
