// An ML.NET IDataView over an IDX image set: "Image" (MLImage of a fixed size) and "Label" (a key whose
// KeyValues annotation holds the class names). Images are made only when a cursor's getter asks for one.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNet.Gan.Imaging;

namespace MLNet.Gan.Data;

/// <summary>
/// The rows of an <see cref="IdxImageSet"/> as an ML.NET data view: column "Image"
/// (<see cref="ImageDataViewType"/> of the set's height and width) and, when the set has labels, "Label"
/// (<see cref="KeyDataViewType"/> over the class names, with the standard KeyValues annotation, so
/// <c>GetKeyValues</c> and <c>MapKeyToValue</c> work; label byte b is key b + 1).
/// </summary>
/// <remarks>
/// The row count is known and cursors can shuffle. Pixels stay in the set's one byte array; each call of an
/// image getter makes a new gray <see cref="MLImage"/> (Bgra32, gray in blue, green and red), owned by the
/// caller, and moving a cursor or reading labels makes none.
/// </remarks>
public sealed class IdxDataView : IDataView
{
    /// <summary>The image column's name.</summary>
    public const string ImageColumnName = "Image";

    /// <summary>The label column's name.</summary>
    public const string LabelColumnName = "Label";

    // ML.NET's annotation kind for key names; its own constant (AnnotationUtils.Kinds.KeyValues) is internal.
    private const string KeyValuesKind = "KeyValues";

    private long _imagesMade;

    /// <summary>Wraps <paramref name="set"/>; labels must be below the number of <paramref name="classNames"/>.</summary>
    /// <param name="set">The images and labels.</param>
    /// <param name="classNames">Names of classes 0..K-1 in key order; null names them "0".."K-1" after the largest label.</param>
    /// <exception cref="InvalidDataException">A label is not below the number of class names (file, item and value named).</exception>
    public IdxDataView(IdxImageSet set, IReadOnlyList<string>? classNames = null)
    {
        ImageSet = set ?? throw new ArgumentNullException(nameof(set));
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(ImageColumnName, new ImageDataViewType(set.Height, set.Width));
        if (set.Labels is not null)
        {
            var names = classNames?.ToArray()
                ?? Enumerable.Range(0, Math.Max(1, set.LabelCount)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            if (names.Length == 0)
            {
                throw new ArgumentException("class names are empty", nameof(classNames));
            }

            for (var i = 0; i < set.Labels.Length; i++)
            {
                if (set.Labels[i] >= names.Length)
                {
                    throw new InvalidDataException(
                        $"IDX labels file '{set.LabelsPath}' item {i} (0-based): label {set.Labels[i]} is not below the {names.Length} class names given");
                }
            }

            ClassNames = names;
            builder.AddColumn(LabelColumnName, new KeyDataViewType(typeof(uint), names.Length), KeyValues(names));
        }

        Schema = builder.ToSchema();
    }

    /// <summary>The images and labels in memory (the fast path to raw bytes).</summary>
    public IdxImageSet ImageSet { get; }

    /// <summary>The names of the label classes in key order, or null without labels.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public bool CanShuffle => true;

    /// <summary>How many images the getters of this view's cursors have made so far.</summary>
    internal long ImagesMade => Interlocked.Read(ref _imagesMade);

    /// <inheritdoc/>
    public long? GetRowCount() => ImageSet.Count;

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        int[]? order = null;
        if (rand is not null)
        {
            order = Enumerable.Range(0, ImageSet.Count).ToArray();
            rand.Shuffle(order);
        }

        return new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet(), order);
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>The KeyValues annotation holding <paramref name="names"/>, as ML.NET's key-to-value mapping reads it.</summary>
    internal static DataViewSchema.Annotations KeyValues(IReadOnlyList<string> names)
    {
        var values = names.Select(n => n.AsMemory()).ToArray();
        var annotations = new DataViewSchema.Annotations.Builder();
        annotations.Add(KeyValuesKind, new VectorDataViewType(TextDataViewType.Instance, values.Length),
            (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> value) => value = new VBuffer<ReadOnlyMemory<char>>(values.Length, (ReadOnlyMemory<char>[])values.Clone())));
        return annotations.ToAnnotations();
    }

    private MLImage MakeImage(int row)
    {
        Interlocked.Increment(ref _imagesMade);
        return ImageSet.GetImage(row);
    }

    private sealed class Cursor(IdxDataView view, HashSet<int> active, int[]? order) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        private int Row
        {
            get
            {
                if (_position < 0 || _position >= view.ImageSet.Count)
                {
                    throw new InvalidOperationException("the cursor is not on a row: call MoveNext first and stop when it returns false");
                }

                return order is null ? (int)_position : order[_position];
            }
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override bool MoveNext()
        {
            if (_position + 1 >= view.ImageSet.Count)
            {
                _position = view.ImageSet.Count;
                return false;
            }

            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)Row, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index >= view.Schema.Count || view.Schema[column.Index].Name != column.Name)
            {
                throw new ArgumentOutOfRangeException(nameof(column), $"column '{column.Name}' does not belong to this IDX data view");
            }

            if (!IsColumnActive(column))
            {
                throw new InvalidOperationException($"column '{column.Name}' was not asked for when this cursor was made");
            }

            Delegate getter = column.Index == 0
                ? (ValueGetter<MLImage>)((ref MLImage value) => value = view.MakeImage(Row))
                : (ValueGetter<uint>)((ref uint value) => value = (uint)view.ImageSet.Labels![Row] + 1);
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException(
                    $"column '{column.Name}' holds {column.Type} values ({(column.Index == 0 ? nameof(MLImage) : "UInt32")}), not {typeof(TValue).Name}");
        }
    }
}
