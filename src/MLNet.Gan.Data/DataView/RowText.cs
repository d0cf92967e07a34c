// How errors name positions: "row N (0-based)" for a row of a data view, "line N of 'file'" (1-based) for a text file.
namespace MLNet.Gan.Data;

/// <summary>
/// The one wording of positions in error messages, so that a reader never wonders about the base: a data view's
/// rows count from 0 (as <see cref="DataViewRow.Position"/> does), a file's lines from 1 (as editors do).
/// </summary>
internal static class RowText
{
    /// <summary>"row N (0-based)": the position of a row in a data view.</summary>
    public static string Of(long position) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"row {position} (0-based)");

    /// <summary>"line N of 'file'": a 1-based line number of a text file.</summary>
    public static string Line(long lineNumber, string path) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"line {lineNumber} of '{path}'");
}
