// Reads and edits the symbol-version sections of ELF64 little-endian files (Linux x64 and arm64 shared
// libraries): the entry points; the bounds-checked file reading is eng/ElfReader.cs. Only the base class library
// is used, and only API that .NET Standard 2.0 offers, because this file is compiled twice: into the MLNet.Gan
// library (internal, for TorchRuntime's run-time fix), and by MSBuild's RoslynCodeTaskFactory (which compiles
// against netstandard 2.0 and defines no symbols) for eng/TorchSharp.Debian.targets, which joins it,
// eng/ElfReader.cs and eng/ElfVersionNeeds.Task.cs in that order.
// This file comes first there, so it alone carries using directives and the namespace.
// Keep the text free of backslashes: the targets file passes it through an MSBuild item, which on Unix
// turns every backslash into a slash.

#nullable enable

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace MLNet.Gan.Build;

/// <summary>One version requirement (an <c>Elf64_Vernaux</c> entry) of an ELF file's <c>.gnu.version_r</c> section.</summary>
internal sealed class ElfVersionNeed
{
    /// <summary>Creates a requirement as read from the file.</summary>
    /// <param name="library">The needed library (the <c>vn_file</c> string), for example <c>libstdc++.so.6</c>.</param>
    /// <param name="name">The version name (the <c>vna_name</c> string), for example <c>GLIBCXX_3.4.32</c>.</param>
    /// <param name="flags">The <c>vna_flags</c> value.</param>
    /// <param name="flagsOffset">Where <c>vna_flags</c> lies in the file, in bytes from its start.</param>
    public ElfVersionNeed(string library, string name, ushort flags, long flagsOffset)
    {
        Library = library;
        Name = name;
        Flags = flags;
        FlagsOffset = flagsOffset;
    }

    /// <summary>The needed library (the <c>vn_file</c> string), for example <c>libstdc++.so.6</c>.</summary>
    public string Library { get; }

    /// <summary>The version name (the <c>vna_name</c> string), for example <c>GLIBCXX_3.4.32</c>.</summary>
    public string Name { get; }

    /// <summary>The <c>vna_flags</c> value.</summary>
    public ushort Flags { get; }

    /// <summary>Where the two bytes of <c>vna_flags</c> lie in the file, in bytes from its start.</summary>
    public long FlagsOffset { get; }

    /// <summary>Whether <c>VER_FLG_WEAK</c> is set: the dynamic loader then accepts a library that lacks the version.</summary>
    public bool IsWeak => (Flags & ElfVersionNeeds.VersionFlagWeak) != 0;

    /// <inheritdoc />
    public override string ToString() =>
        Library + " " + Name + " flags 0x" + Flags.ToString("x", CultureInfo.InvariantCulture) + (IsWeak ? " (weak)" : "");
}

/// <summary>What <see cref="ElfVersionNeeds.MarkWeak"/> did.</summary>
internal enum WeakMarkResult
{
    /// <summary>The requirement was strong; the file now marks it weak.</summary>
    Marked,

    /// <summary>The requirement was weak already; the file was not written.</summary>
    AlreadyWeak,

    /// <summary>The file does not require that version; the file was not written.</summary>
    NotRequired,
}

/// <summary>
/// Lists the symbol versions an ELF64 little-endian file needs (<c>.gnu.version_r</c>), marks one of them
/// weak, and tells whether a shared library defines a version (<c>.gnu.version_d</c>).
/// </summary>
internal static class ElfVersionNeeds
{
    /// <summary><c>SHT_GNU_verneed</c>: the section type of <c>.gnu.version_r</c>.</summary>
    public const uint SectionTypeVersionNeeds = 0x6ffffffe;

    /// <summary><c>SHT_GNU_verdef</c>: the section type of <c>.gnu.version_d</c>.</summary>
    public const uint SectionTypeVersionDefinitions = 0x6ffffffd;

    /// <summary><c>VER_FLG_WEAK</c>: the <c>vna_flags</c> bit that makes a version requirement weak.</summary>
    public const ushort VersionFlagWeak = 0x2;

    /// <summary><c>EM_X86_64</c>: the <c>e_machine</c> value of x86-64 files.</summary>
    public const ushort MachineX64 = 62;

    /// <summary><c>EM_AARCH64</c>: the <c>e_machine</c> value of arm64 files.</summary>
    public const ushort MachineArm64 = 183;

    /// <summary>Lists every version requirement of <paramref name="path"/>, in file order; empty when it has no <c>.gnu.version_r</c>.</summary>
    /// <param name="path">An ELF64 little-endian file.</param>
    /// <returns>The requirements with their flags and the file offsets of those flags.</returns>
    /// <exception cref="InvalidDataException">The file is not ELF64 little-endian, or is truncated or malformed; the message names the file.</exception>
    public static IReadOnlyList<ElfVersionNeed> List(string path)
    {
        using (var elf = new ElfReader(path))
        {
            return elf.ReadVersionNeeds();
        }
    }

    /// <summary>Lists the version names <paramref name="path"/> defines (the first name of each <c>.gnu.version_d</c> entry).</summary>
    /// <param name="path">An ELF64 little-endian shared library.</param>
    /// <returns>The defined names in file order (the first is usually the library's own soname); empty when it has no <c>.gnu.version_d</c>.</returns>
    /// <exception cref="InvalidDataException">The file is not ELF64 little-endian, or is truncated or malformed; the message names the file.</exception>
    public static IReadOnlyList<string> ListDefinitions(string path)
    {
        using (var elf = new ElfReader(path))
        {
            return elf.ReadVersionDefinitions();
        }
    }

    /// <summary>Whether the shared library <paramref name="libraryPath"/> defines the version <paramref name="versionName"/>.</summary>
    /// <param name="libraryPath">An ELF64 little-endian shared library, for example the system's <c>libstdc++.so.6</c>.</param>
    /// <param name="versionName">A version name, for example <c>GLIBCXX_3.4.32</c>.</param>
    /// <returns><see langword="true"/> when a <c>.gnu.version_d</c> entry carries that name.</returns>
    /// <exception cref="InvalidDataException">The file is not ELF64 little-endian, or is truncated or malformed; the message names the file.</exception>
    public static bool DefinesVersion(string libraryPath, string versionName)
    {
        foreach (string name in ListDefinitions(libraryPath))
        {
            if (string.Equals(name, versionName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the <c>e_machine</c> field of an ELF64 little-endian file (see <see cref="MachineX64"/>, <see cref="MachineArm64"/>).</summary>
    /// <param name="path">An ELF64 little-endian file.</param>
    /// <returns>The machine the file was built for.</returns>
    /// <exception cref="InvalidDataException">The file is not ELF64 little-endian or is truncated; the message names the file.</exception>
    public static ushort ReadMachine(string path)
    {
        using (var elf = new ElfReader(path))
        {
            return elf.Machine;
        }
    }

    /// <summary>
    /// Sets <c>VER_FLG_WEAK</c> on every requirement named <paramref name="versionName"/> in <paramref name="path"/>.
    /// The edited bytes go to a temporary file in the same folder, which then replaces <paramref name="path"/> by a
    /// rename: a file that is a hard link into a package cache gets a new inode, and the cache keeps its bytes. The new
    /// file keeps the original's permissions and last-write time, so copy steps that compare size and time see it as
    /// up to date. Nothing is written when the requirement is weak already or absent.
    /// </summary>
    /// <param name="path">An ELF64 little-endian file.</param>
    /// <param name="versionName">The version whose requirement becomes weak, for example <c>GLIBCXX_3.4.32</c>.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="InvalidDataException">The file is not ELF64 little-endian, or is truncated or malformed; the message names the file.</exception>
    public static WeakMarkResult MarkWeak(string path, string versionName)
    {
        if (versionName == null)
        {
            throw new ArgumentNullException(nameof(versionName));
        }

        var strong = new List<ElfVersionNeed>();
        bool found = false;
        foreach (ElfVersionNeed need in List(path))
        {
            if (!string.Equals(need.Name, versionName, StringComparison.Ordinal))
            {
                continue;
            }

            found = true;
            if (!need.IsWeak)
            {
                strong.Add(need);
            }
        }

        if (!found)
        {
            return WeakMarkResult.NotRequired;
        }

        if (strong.Count == 0)
        {
            return WeakMarkResult.AlreadyWeak;
        }

        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath) ?? ".";
        string temporary = Path.Combine(folder, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        DateTime lastWrite = File.GetLastWriteTimeUtc(fullPath);
        try
        {
            // File.Copy creates a new file (a new inode) and carries the permission bits over.
            File.Copy(fullPath, temporary);
            using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                foreach (ElfVersionNeed need in strong)
                {
                    ushort flags = (ushort)(need.Flags | VersionFlagWeak);
                    stream.Position = need.FlagsOffset;
                    stream.WriteByte((byte)(flags & 0xff));
                    stream.WriteByte((byte)(flags >> 8));
                }
            }

            File.SetLastWriteTimeUtc(temporary, lastWrite);

            // On Unix, File.Replace without a backup is rename(2): atomic, and it leaves the old inode alone.
            File.Replace(temporary, fullPath, null);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return WeakMarkResult.Marked;
    }

    /// <summary>
    /// Finds the shared library <paramref name="soname"/> that the dynamic loader would pick for <paramref name="machine"/>:
    /// first from the loader cache (<c>ldconfig -p</c>), then in the usual library folders of Debian, Fedora and their kin.
    /// </summary>
    /// <param name="soname">The library's soname, for example <c>libstdc++.so.6</c>.</param>
    /// <param name="machine">The ELF machine the library must be built for (see <see cref="ReadMachine"/>).</param>
    /// <returns>The library's path, or <see langword="null"/> when none was found.</returns>
    public static string? FindSystemLibrary(string soname, ushort machine)
    {
        foreach (string candidate in LoaderCacheEntries(soname, machine))
        {
            if (IsElfFor(candidate, machine))
            {
                return candidate;
            }
        }

        string[] folders =
        {
            "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu",
            "/usr/lib64", "/lib64", "/usr/lib", "/lib",
        };
        foreach (string folder in folders)
        {
            string candidate = Path.Combine(folder, soname);
            if (IsElfFor(candidate, machine))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The ELF machine of the running process, or 0 when it is neither x64 nor arm64.</summary>
    public static ushort ProcessMachine
    {
        get
        {
            switch (RuntimeInformation.ProcessArchitecture)
            {
                case Architecture.X64:
                    return MachineX64;
                case Architecture.Arm64:
                    return MachineArm64;
                default:
                    return 0;
            }
        }
    }

    private static bool IsElfFor(string path, ushort machine)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            return ReadMachine(path) == machine;
        }
        catch (InvalidDataException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    // Lines of "ldconfig -p" read "<tab>libstdc++.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++.so.6".
    private static IEnumerable<string> LoaderCacheEntries(string soname, ushort machine)
    {
        string? listing = RunLdconfig();
        if (listing == null)
        {
            yield break;
        }

        string tag = machine == MachineX64 ? "x86-64" : machine == MachineArm64 ? "AArch64" : "";
        var others = new List<string>();
        var reader = new StringReader(listing);
        for (string? rawLine = reader.ReadLine(); rawLine != null; rawLine = reader.ReadLine())
        {
            string line = rawLine.Trim();
            int arrow = line.IndexOf(" => ", StringComparison.Ordinal);
            if (arrow < 0 || !line.StartsWith(soname + " ", StringComparison.Ordinal))
            {
                continue;
            }

            string target = line.Substring(arrow + 4).Trim();
            string attributes = line.Substring(soname.Length, arrow - soname.Length);
            if (tag.Length > 0 && attributes.IndexOf(tag, StringComparison.Ordinal) >= 0)
            {
                yield return target;
            }
            else
            {
                others.Add(target);
            }
        }

        // Entries without the expected tag still get a chance; IsElfFor checks their machine.
        foreach (string target in others)
        {
            yield return target;
        }
    }

    private static string? RunLdconfig()
    {
        foreach (string program in new[] { "/sbin/ldconfig", "/usr/sbin/ldconfig", "/usr/bin/ldconfig", "ldconfig" })
        {
            if (Path.IsPathRooted(program) && !File.Exists(program))
            {
                continue;
            }

            try
            {
                var start = new ProcessStartInfo(program, "-p")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                    CreateNoWindow = true,
                };
                using (Process? process = Process.Start(start))
                {
                    if (process == null)
                    {
                        continue;
                    }

                    process.ErrorDataReceived += (sender, e) => { };
                    process.BeginErrorReadLine();
                    string output = process.StandardOutput.ReadToEnd();
                    if (!process.WaitForExit(10000))
                    {
                        try
                        {
                            process.Kill();
                        }
                        catch (InvalidOperationException)
                        {
                        }

                        continue;
                    }

                    if (process.ExitCode == 0)
                    {
                        return output;
                    }
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under that name; try the next.
            }
        }

        return null;
    }
}
