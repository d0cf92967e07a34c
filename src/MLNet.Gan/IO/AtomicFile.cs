// Crash-safe file writes: the content goes to a temporary file in the target's folder, is flushed to disk,
// then renamed over the target, so readers see the old file or the whole new one, never half of it.
namespace MLNet.Gan.IO;

/// <summary>Writes files through a temporary name in the same folder and a rename into place.</summary>
/// <remarks>
/// The temporary file is named <c>.NAME.PID.GUID.tmpEXT</c> beside the target (EXT being the target's own
/// extension, so writers that choose a format from the extension, such as <c>MLImage.Save</c>, write the
/// same format). Missing parent folders are created. When the writer throws, the temporary file is removed
/// and an existing target is left as it was.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>, which gets a stream on the temporary file.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole content into the stream it is given; it must not close it.</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Replace(path, temp =>
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            write(stream);
        });
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="bytes">The whole content.</param>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>
    /// Lets <paramref name="writeToTempPath"/> create a file at a temporary path, then renames that file over
    /// <paramref name="path"/>. Use it for writers that only take a path (for example <c>MLImage.Save</c>).
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="writeToTempPath">Creates the complete file at the path it is given (which does not exist yet).</param>
    /// <exception cref="IOException">The writer returned without creating the temporary file.</exception>
    public static void Replace(string path, Action<string> writeToTempPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(writeToTempPath);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' names no file", nameof(path));
        var name = Path.GetFileName(full);
        if (name.Length == 0)
        {
            throw new ArgumentException($"'{path}' names a folder, not a file", nameof(path));
        }

        Directory.CreateDirectory(folder);
        var temp = TempPathFor(full);
        try
        {
            writeToTempPath(temp);
            if (!File.Exists(temp))
            {
                throw new IOException($"writing '{full}' created no file at the temporary path '{temp}'");
            }

            FlushToDisk(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>A fresh temporary path beside <paramref name="fullPath"/> that ends with the same extension.</summary>
    internal static string TempPathFor(string fullPath)
    {
        var folder = Path.GetDirectoryName(fullPath)!;
        var name = Path.GetFileName(fullPath);
        return Path.Combine(folder, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp{Path.GetExtension(fullPath)}");
    }

    /// <summary>Whether <paramref name="fileName"/> looks like a temporary file of this class.</summary>
    internal static bool IsTempName(string fileName) => fileName.StartsWith('.') && fileName.Contains(".tmp", StringComparison.Ordinal);

    private static void FlushToDisk(string file)
    {
        // Writers given only a path may not have flushed to the device; make the data durable before the rename.
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        stream.Flush(flushToDisk: true);
    }
}
