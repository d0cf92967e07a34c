// Lists the images of a folder tree as rows (ImagePath, Label): one sub-folder per class, decoding left to LoadImages.
namespace MLNet.Gan.Data;

/// <summary>
/// Builds image-path data views from folders: one sub-folder per class (class names = sub-folder names,
/// sorted ordinally) or a flat collection of images without labels. Only paths are read here; decoding
/// happens lazily in <c>ctx.Transforms.LoadImages</c>.
/// </summary>
public static class ImageFolderLoader
{
    /// <summary>The path column's name unless the options give another.</summary>
    public const string DefaultPathColumnName = "ImagePath";

    /// <summary>The label column's name unless the options give another.</summary>
    public const string DefaultLabelColumnName = "Label";

    /// <summary>File extensions treated as images by default (case-insensitive).</summary>
    public static IReadOnlyList<string> DefaultExtensions { get; } = new[] { ".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga" };

    /// <summary>
    /// Rows "ImagePath" (Text, full paths) and, with <paramref name="useFolderNameAsLabel"/>, "Label" (key
    /// whose class names are the sub-folders of <paramref name="folder"/>, sorted; each class's images are found
    /// recursively). Without it, every image under <paramref name="folder"/> is listed and there is no label.
    /// Rows come ordered by class, then path. Folders and files whose names start with '.' are skipped.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">No class sub-folders or no images found (the folder is named).</exception>
    public static InMemoryDataView Load(string folder, bool useFolderNameAsLabel = true, IReadOnlyList<string>? extensions = null) =>
        Load(folder, new Options { UseFolderNameAsLabel = useFolderNameAsLabel, Extensions = extensions?.ToArray() });

    /// <summary>
    /// The images under <paramref name="folder"/> as described by <paramref name="options"/>; see
    /// <see cref="Load(string, bool, IReadOnlyList{string}?)"/>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">No class sub-folders or no images found (the folder is named).</exception>
    public static InMemoryDataView Load(string folder, Options options)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(options);
        var (pathColumn, labelColumn) = ColumnNames(options.PathColumnName, options.LabelColumnName, options.UseFolderNameAsLabel);
        var extensions = options.Extensions;
        var useFolderNameAsLabel = options.UseFolderNameAsLabel;
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"image folder not found: '{folder}'");
        }

        var wanted = new HashSet<string>(extensions ?? DefaultExtensions, StringComparer.OrdinalIgnoreCase);
        var builder = new InMemoryDataView.Builder();
        if (!useFolderNameAsLabel)
        {
            var all = ImagesUnder(root, wanted);
            if (all.Length == 0)
            {
                throw new InvalidDataException($"no images ({string.Join(", ", wanted)}) found under '{root}'");
            }

            return builder.AddColumn(pathColumn, TextDataViewType.Instance, all).ToDataView();
        }

        var classes = Directory.GetDirectories(root)
            .Select(Path.GetFileName)
            .Where(n => n is { Length: > 0 } && n[0] != '.')
            .Cast<string>()
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();
        if (classes.Length == 0)
        {
            throw new InvalidDataException(
                $"'{root}' has no class sub-folders; put each class's images in its own sub-folder, or pass useFolderNameAsLabel: false");
        }

        var paths = new List<string>();
        var labels = new List<uint>();
        for (var k = 0; k < classes.Length; k++)
        {
            foreach (var file in ImagesUnder(Path.Combine(root, classes[k]), wanted))
            {
                paths.Add(file);
                labels.Add((uint)k + 1);
            }
        }

        if (paths.Count == 0)
        {
            throw new InvalidDataException($"no images ({string.Join(", ", wanted)}) found in the class sub-folders of '{root}'");
        }

        return builder
            .AddColumn(pathColumn, TextDataViewType.Instance, paths.ToArray())
            .AddColumn(labelColumn, new KeyDataViewType(classes.Length), labels.ToArray(), AnnotationUtils.KeyValuesAnnotation(classes))
            .ToDataView();
    }

    /// <summary>The (path, label) column names, checked: both given and, with a label column, different.</summary>
    internal static (string Path, string Label) ColumnNames(string pathColumnName, string labelColumnName, bool withLabels)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathColumnName);
        ArgumentException.ThrowIfNullOrEmpty(labelColumnName);
        if (withLabels && pathColumnName == labelColumnName)
        {
            throw new ArgumentException($"the path and label columns need two names, both are '{pathColumnName}'", nameof(labelColumnName));
        }

        return (pathColumnName, labelColumnName);
    }

    private static string[] ImagesUnder(string folder, HashSet<string> extensions)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.GetDirectories(dir))
            {
                if (!Path.GetFileName(sub).StartsWith('.'))
                {
                    pending.Push(sub);
                }
            }

            found.AddRange(Directory.GetFiles(dir).Where(f => !Path.GetFileName(f).StartsWith('.') && extensions.Contains(Path.GetExtension(f))));
        }

        found.Sort(StringComparer.Ordinal);
        return found.ToArray();
    }

    /// <summary>Options of <c>ctx.Data.LoadImagesFromFolder</c>.</summary>
    public sealed class Options
    {
        /// <summary>Label each image with its class sub-folder (a key named after the sorted sub-folders); false lists every image without labels. Default: true.</summary>
        public bool UseFolderNameAsLabel = true;

        /// <summary>File extensions treated as images (case-insensitive, with the dot); null uses <see cref="DefaultExtensions"/>. Default: null.</summary>
        public string[]? Extensions;

        /// <summary>Name of the path column. Default: "ImagePath".</summary>
        public string PathColumnName = DefaultPathColumnName;

        /// <summary>Name of the label column. Default: "Label".</summary>
        public string LabelColumnName = DefaultLabelColumnName;
    }
}
