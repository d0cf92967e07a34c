// Splits one line of a CSV/TSV file into fields, honouring double quotes ("" inside quotes is a quote).
using System.Text;

namespace MLNet.Gan.Data;

/// <summary>The field splitter shared by the text loader and the image-list loader.</summary>
internal static class DelimitedFields
{
    /// <summary>The fields of <paramref name="line"/> (double quotes honoured), or null when a quoted field is not closed.</summary>
    public static List<string>? TrySplit(string line, char separator) => TrySplit(line, [separator], allowQuoting: true);

    /// <summary>
    /// The fields of <paramref name="line"/>, split at any of <paramref name="separators"/>; with <paramref name="allowQuoting"/>
    /// double quotes group a field. Null when a quoted field is not closed.
    /// </summary>
    public static List<string>? TrySplit(string line, char[] separators, bool allowQuoting)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(ch);
                }
            }
            else if (allowQuoting && ch == '"' && current.ToString().Trim().Length == 0)
            {
                // An opening quote may follow spaces after the separator.
                current.Clear();
                quoted = true;
            }
            else if (Array.IndexOf(separators, ch) >= 0)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }

        if (quoted)
        {
            return null;
        }

        fields.Add(current.ToString());
        return fields;
    }
}
