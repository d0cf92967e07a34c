// LoadImages: decodes the image file named in a text column (relative to an image folder) into an MLImage column.
namespace MLNet.Gan.Data;

/// <summary>Loads images from the paths in a text column (ML.NET's ImageLoadingEstimator).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input</term><description>Text (file path, relative to <see cref="Options.ImageFolder"/> or absolute)</description></item>
/// <item><term>Output</term><description>Image (variable size)</description></item>
/// <item><term>Fitting reads data</term><description>No</description></item>
/// <item><term>Model file</term><description>The options (columns, image folder, channels, skipping, alpha compositing)</description></item>
/// </list>
/// Decoding is lazy: a file is read when a cursor asks for the image. A missing or undecodable file is an
/// <see cref="ImageLoadingException"/> naming the file, column and row; with <see cref="Options.SkipBadRows"/>
/// the row is dropped instead and listed in <see cref="ImageLoadingTransformer.Report"/>.
/// </remarks>
public sealed class ImageLoadingEstimator : TrivialEstimator<ImageLoadingTransformer>
{
    internal ImageLoadingEstimator(GanContext context, Options options)
        : base(new ImageLoadingTransformer(options, context))
    {
    }

    /// <summary>Options of <see cref="ImageLoadingEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Name of the image column. Default: "Image".</summary>
        public string OutputColumnName = "Image";

        /// <summary>Name of the text column holding paths; null means <see cref="OutputColumnName"/>. Default: null.</summary>
        public string? InputColumnName;

        /// <summary>Folder that relative paths are resolved against; empty uses them as they are. Default: "".</summary>
        public string ImageFolder = string.Empty;

        /// <summary>Channels of the loaded images: 0 as stored in the file, 1 gray, 3 RGB, 4 RGBA. Default: 0.</summary>
        public int Channels;

        /// <summary>Drop rows whose image is missing or corrupt (and report them) instead of failing. Default: false.</summary>
        public bool SkipBadRows;

        /// <summary>
        /// Blend transparent pixels over the background colour and drop alpha (RGBA becomes RGB, gray+alpha gray over the
        /// background's luma), before <see cref="Channels"/> applies; <see cref="MLImage.CompositeAlpha"/> does the blending.
        /// Channels 4 cannot be combined with it. Default: false.
        /// </summary>
        public bool CompositeAlpha;

        /// <summary>Red of the background transparent pixels are blended over. Default: 255 (white).</summary>
        public byte BackgroundRed = 255;

        /// <summary>Green of the background transparent pixels are blended over. Default: 255 (white).</summary>
        public byte BackgroundGreen = 255;

        /// <summary>Blue of the background transparent pixels are blended over. Default: 255 (white).</summary>
        public byte BackgroundBlue = 255;
    }
}

/// <summary>The transformer of <see cref="ImageLoadingEstimator"/>.</summary>
public sealed class ImageLoadingTransformer : ITransformer, ICanSaveModel
{
    /// <summary>The model-file kind.</summary>
    public const string ModelKind = "LoadImages";

    private const string DisplayName = "LoadImages";
    private readonly ImageLoadingEstimator.Options _options;
    private readonly GanContext? _context;

    /// <summary>Creates the transformer from <paramref name="options"/> (copied); <paramref name="context"/> receives skip warnings.</summary>
    public ImageLoadingTransformer(ImageLoadingEstimator.Options options, GanContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (output, input) = ImageTransformChecks.Pair(options.OutputColumnName, options.InputColumnName);
        if (options.Channels is not (0 or 1 or 3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Channels, "Channels must be 0 (as in the file), 1, 3 or 4");
        }

        if (options.CompositeAlpha && options.Channels == 4)
        {
            throw new ArgumentException("LoadImages: CompositeAlpha removes the alpha channel that Channels 4 asks for; use Channels 0, 1 or 3.", nameof(options));
        }

        _options = new ImageLoadingEstimator.Options
        {
            OutputColumnName = output,
            InputColumnName = input,
            ImageFolder = options.ImageFolder ?? string.Empty,
            Channels = options.Channels,
            SkipBadRows = options.SkipBadRows,
            CompositeAlpha = options.CompositeAlpha,
            BackgroundRed = options.BackgroundRed,
            BackgroundGreen = options.BackgroundGreen,
            BackgroundBlue = options.BackgroundBlue,
        };
        _context = context;
    }

    /// <summary>The folder relative paths are resolved against.</summary>
    public string ImageFolder => _options.ImageFolder;

    /// <summary>Whether bad rows are dropped (and reported) rather than failing.</summary>
    public bool SkipBadRows => _options.SkipBadRows;

    /// <summary>The rows skipped so far by every view this transformer produced (empty unless <see cref="SkipBadRows"/>).</summary>
    public ImageLoadingReport Report { get; } = new();

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new Mapper(this, inputSchema).OutputSchema;
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var mapper = new Mapper(this, input.Schema);
        IDataView mapped = new RowToRowMappedDataView(input, mapper);
        if (!_options.SkipBadRows)
        {
            return mapped;
        }

        var imageColumn = mapped.Schema[input.Schema.Count];
        return new BadImageRowSkippingDataView(mapped, imageColumn, Report, e => _context?.WriteLog(DisplayName, "skipped: " + e.Message, LogSeverity.Warning));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.Kind = ModelKind;
        ctx.SetOptions(_options);
    }

    [ModelLoader(ModelKind)]
    internal static ITransformer Create(ModelLoadContext ctx) =>
        new ImageLoadingTransformer(ctx.GetOptions<ImageLoadingEstimator.Options>(), ctx.Context);

    /// <summary>Resolves a row's path against the image folder.</summary>
    internal string Resolve(string path) =>
        string.IsNullOrEmpty(_options.ImageFolder) ? path : Path.Combine(_options.ImageFolder, path);

    /// <summary>Loads one image, turning file and decoding errors into <see cref="ImageLoadingException"/>.</summary>
    internal MLImage Load(string? path, string column, long row)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ImageLoadingException($"{DisplayName}: column '{column}' {RowText.Of(row)} holds no path", path ?? string.Empty, row);
        }

        var full = Resolve(path);
        try
        {
            if (!_options.CompositeAlpha)
            {
                return MLImage.CreateFromFile(full, _options.Channels);
            }

            // Decode with the file's alpha, blend it away, then give the requested channels.
            var blended = MLImage.CreateFromFile(full).CompositeAlpha(_options.BackgroundRed, _options.BackgroundGreen, _options.BackgroundBlue);
            return _options.Channels == 0 ? blended : blended.WithChannels(_options.Channels);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ImageLoadingException($"{DisplayName}: column '{column}' {RowText.Of(row)}: {e.Message}", full, row, e);
        }
    }

    private sealed class Mapper : RowToRowMapperBase
    {
        private readonly ImageLoadingTransformer _parent;
        private readonly DataViewSchema.Column _input;

        public Mapper(ImageLoadingTransformer parent, DataViewSchema inputSchema)
            : base(inputSchema)
        {
            _parent = parent;
            _input = inputSchema.GetRequiredColumn(parent._options.InputColumnName!, DisplayName);
            DataViewExtensions.CheckColumnType(_input, _input.Type is TextDataViewType, "String (image file paths)", DisplayName);
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumns() =>
            [new DataViewSchema.DetachedColumn(_parent._options.OutputColumnName, new ImageDataViewType())];

        protected override IEnumerable<DataViewSchema.Column> GetDependencies(int outputIndex) => [_input];

        protected override Delegate MakeGetter(DataViewRow input, int outputIndex, out Action? disposer)
        {
            disposer = null;
            var paths = input.GetGetter<string>(_input);
            string path = null!;
            ValueGetter<MLImage> getter = (ref MLImage value) =>
            {
                paths(ref path);
                value = _parent.Load(path, _input.Name, input.Position);
            };
            return getter;
        }
    }
}
