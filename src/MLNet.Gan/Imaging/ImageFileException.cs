// The one exception an image file that cannot be used ends in: which file, what is wrong with it, in words a user can act on.
namespace MLNet.Gan.Imaging;

/// <summary>What is wrong with an image file that <see cref="ImageFileReader"/> refuses.</summary>
public enum ImageFileProblem
{
    /// <summary>The file has no bytes.</summary>
    Empty,

    /// <summary>No decoder recognises the contents (a text file, a PDF, an unknown format).</summary>
    NotAnImage,

    /// <summary>The file ends before the image does (an interrupted download or copy).</summary>
    Truncated,

    /// <summary>The header or the image data has errors.</summary>
    Corrupt,

    /// <summary>The header claims more pixels than <see cref="ImageReadOptions.MaxPixels"/> allows (a decompression bomb, or a huge photo).</summary>
    TooLarge,

    /// <summary>The image is smaller than <see cref="ImageReadOptions.MinimumSize"/> on its shorter side.</summary>
    TooSmall,
}

/// <summary>
/// An image file that cannot be used, with its path and the problem; the message reads
/// <c>'path': truncated: ...</c>. It is an <see cref="IOException"/> (a file that cannot be read as an image), so code that
/// already handles unreadable files handles it.
/// </summary>
public sealed class ImageFileException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    /// <param name="path">The file (or the name given to the bytes).</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="detail">The problem in words, starting with its name ("truncated: ...").</param>
    public ImageFileException(string path, ImageFileProblem problem, string detail)
        : base($"'{path}': {detail}")
    {
        FilePath = path;
        Problem = problem;
        Detail = detail;
    }

    /// <summary>The file that was refused.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it.</summary>
    public ImageFileProblem Problem { get; }

    /// <summary>The problem in words, without the file name (for lists of skipped files).</summary>
    public string Detail { get; }
}
