// Data augmentation for tables: the data's own rows, then synthetic rows, in the data's schema, for the next ML.NET trainer.
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Training;

namespace MLNet.Gan.Tabular;

/// <summary>
/// The rows of <c>data</c> followed by the rows of <c>synthetic</c>, under <c>data</c>'s schema. Columns are matched by name;
/// every column the synthetic rows lack holds its type's default there (a known-size vector: all zeros).
/// </summary>
internal sealed class AppendedRowsDataView : IDataView
{
    private readonly IDataView _data;
    private readonly IDataView _synthetic;

    public AppendedRowsDataView(IDataView data, IDataView synthetic)
    {
        _data = data;
        _synthetic = synthetic;
        foreach (var s in synthetic.Schema)
        {
            var column = data.Schema.GetColumnOrNull(s.Name) ?? throw SchemaErrors.Missing(
                "tabular", s.Name, $"{s.Type} (a column the model generates)", data.Schema.Where(c => !c.IsHidden).Select(c => c.Name));
            if (!column.Type.Equals(s.Type))
            {
                throw SchemaErrors.Mismatch("tabular", s.Name, $"{s.Type} (what the model generates)", column.Type.ToString() ?? "?");
            }
        }
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema => _data.Schema;

    public long? GetRowCount() => _data.GetRowCount() + _synthetic.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        var synthetic = needed.Select(c => _synthetic.Schema.GetColumnOrNull(c.Name)).Where(c => c is not null).Select(c => c!.Value);
        return new Cursor(this, _data.GetRowCursor(needed), _synthetic.GetRowCursor(synthetic), needed.Select(c => c.Index).ToHashSet());
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly AppendedRowsDataView _parent;
        private readonly DataViewRowCursor _real;
        private readonly DataViewRowCursor _synthetic;
        private readonly HashSet<int> _active;
        private bool _inSynthetic;
        private long _position = -1;

        public Cursor(AppendedRowsDataView parent, DataViewRowCursor real, DataViewRowCursor synthetic, HashSet<int> active)
        {
            _parent = parent;
            _real = real;
            _synthetic = synthetic;
            _active = active;
        }

        public override DataViewSchema Schema => _parent.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (!_inSynthetic && _real.MoveNext())
            {
                _position++;
                return true;
            }

            _inSynthetic = true;
            if (!_synthetic.MoveNext())
            {
                return false;
            }

            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter()
        {
            var real = _real.GetIdGetter();
            return (ref DataViewRowId id) =>
            {
                if (_inSynthetic)
                {
                    id = new DataViewRowId((ulong)_synthetic.Position, 1);
                }
                else
                {
                    real(ref id);
                }
            };
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var real = _real.GetGetter<TValue>(column);
            var generated = _parent._synthetic.Schema.GetColumnOrNull(column.Name);
            var synthetic = generated is { } g ? _synthetic.GetGetter<TValue>(g) : Generation.SyntheticRowsDataView.DefaultGetter<TValue>(column.Type);
            return (ref TValue value) =>
            {
                if (_inSynthetic)
                {
                    synthetic(ref value);
                }
                else
                {
                    real(ref value);
                }
            };
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _real.Dispose();
                _synthetic.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
