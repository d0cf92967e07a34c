// Checks shared by the image transforms: column pairs, image-typed inputs, rows without an image.
namespace MLNet.Gan.Data;

internal static class ImageTransformChecks
{
    /// <summary>The (output, input) pair of an options object; the input defaults to the output.</summary>
    public static (string, string) Pair(string? outputColumnName, string? inputColumnName)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName, nameof(outputColumnName));
        return (outputColumnName, string.IsNullOrEmpty(inputColumnName) ? outputColumnName : inputColumnName);
    }

    /// <summary>Throws naming the column, its type and "Image" when the column does not hold images.</summary>
    public static ImageDataViewType RequireImage(DataViewSchema.Column column, string what)
    {
        DataViewExtensions.CheckColumnType(column, column.Type is ImageDataViewType, "Image", what);
        return (ImageDataViewType)column.Type;
    }

    /// <summary>The image, or an error naming column and row when a row holds none.</summary>
    public static MLImage NotNull(MLImage? image, DataViewSchema.Column column, long row, string what) =>
        image ?? throw new InvalidDataException($"{what}: column '{column.Name}' {RowText.Of(row)} holds no image");
}
