// Reads the parts of an ELF64 little-endian file that eng/ElfVersionNeeds.cs needs from its version sections,
// checking every bound; the public API over it lives in that file.
// Compiled on its own into the tests, and appended to eng/ElfVersionNeeds.cs (after that file's using directives and
// file-scoped namespace) for RoslynCodeTaskFactory. It therefore declares no namespace and no using directive, relies
// only on the tests' implicit usings (System, System.Collections.Generic, System.IO) and names everything else in full.
// Like that file: .NET Standard 2.0 API only, and no backslashes in the text.

#nullable enable

/// <summary>Reads the parts of an ELF64 little-endian file that the version sections need, checking every bound.</summary>
internal sealed class ElfReader : IDisposable
{
    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;

    private readonly string path;
    private readonly FileStream stream;
    private readonly long length;
    private readonly Section[] sections;

    public ElfReader(string path)
    {
        if (path == null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        this.path = path;
        stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            length = stream.Length;
            byte[] header = ReadHeader();
            Machine = U16(header, 18);
            sections = ReadSections(header);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public ushort Machine { get; }

    public void Dispose() => stream.Dispose();

    public IReadOnlyList<global::MLNet.Gan.Build.ElfVersionNeed> ReadVersionNeeds()
    {
        var needs = new List<global::MLNet.Gan.Build.ElfVersionNeed>();
        int index = FindSection(global::MLNet.Gan.Build.ElfVersionNeeds.SectionTypeVersionNeeds);
        if (index < 0)
        {
            return needs;
        }

        Section section = sections[index];
        byte[] data = ReadSection(section, ".gnu.version_r");
        byte[] strings = ReadLinkedStrings(section, ".gnu.version_r");
        long entry = 0;
        int limit = data.Length / 16;
        for (int count = 0; count < limit; count++)
        {
            Require(entry + 16 <= data.Length, "a version-needs entry at section offset " + entry + " runs past the end of .gnu.version_r");
            ushort auxCount = U16(data, (int)entry + 2);
            string library = ReadString(strings, U32(data, (int)entry + 4), ".gnu.version_r");
            long aux = entry + U32(data, (int)entry + 8);
            for (int j = 0; j < auxCount; j++)
            {
                Require(aux + 16 <= data.Length, "a version-needs auxiliary entry at section offset " + aux + " runs past the end of .gnu.version_r");
                ushort flags = U16(data, (int)aux + 4);
                string name = ReadString(strings, U32(data, (int)aux + 8), ".gnu.version_r");
                needs.Add(new global::MLNet.Gan.Build.ElfVersionNeed(library, name, flags, section.Offset + aux + 4));
                uint nextAux = U32(data, (int)aux + 12);
                if (nextAux == 0)
                {
                    break;
                }

                aux += nextAux;
            }

            uint next = U32(data, (int)entry + 12);
            if (next == 0 || (section.Info != 0 && count + 1 >= section.Info))
            {
                break;
            }

            entry += next;
        }

        return needs;
    }

    public IReadOnlyList<string> ReadVersionDefinitions()
    {
        var names = new List<string>();
        int index = FindSection(global::MLNet.Gan.Build.ElfVersionNeeds.SectionTypeVersionDefinitions);
        if (index < 0)
        {
            return names;
        }

        Section section = sections[index];
        byte[] data = ReadSection(section, ".gnu.version_d");
        byte[] strings = ReadLinkedStrings(section, ".gnu.version_d");
        long entry = 0;
        int limit = data.Length / 20;
        for (int count = 0; count < limit; count++)
        {
            Require(entry + 20 <= data.Length, "a version-definition entry at section offset " + entry + " runs past the end of .gnu.version_d");
            ushort auxCount = U16(data, (int)entry + 6);
            if (auxCount > 0)
            {
                long aux = entry + U32(data, (int)entry + 12);
                Require(aux + 8 <= data.Length, "a version-definition auxiliary entry at section offset " + aux + " runs past the end of .gnu.version_d");
                names.Add(ReadString(strings, U32(data, (int)aux), ".gnu.version_d"));
            }

            uint next = U32(data, (int)entry + 16);
            if (next == 0 || (section.Info != 0 && count + 1 >= section.Info))
            {
                break;
            }

            entry += next;
        }

        return names;
    }

    private byte[] ReadHeader()
    {
        Require(length >= 4, "it has " + length + " bytes, fewer than the 4 of the ELF magic");
        byte[] magic = ReadAt(0, 4, "the ELF magic");
        if (magic[0] != 0x7f || magic[1] != (byte)'E' || magic[2] != (byte)'L' || magic[3] != (byte)'F')
        {
            throw Invalid("it is not an ELF file (it does not start with the bytes 7f 45 4c 46)");
        }

        Require(length >= HeaderSize, "it has " + length + " bytes, fewer than the " + HeaderSize + " of an ELF64 header");
        byte[] header = ReadAt(0, HeaderSize, "the ELF header");
        if (header[4] != 2)
        {
            throw Invalid("its ELF class is " + header[4] + ", not 2 (ELF64); only 64-bit files are supported");
        }

        if (header[5] != 1)
        {
            throw Invalid("its ELF data encoding is " + header[5] + ", not 1 (little-endian); only little-endian files are supported");
        }

        return header;
    }

    private Section[] ReadSections(byte[] header)
    {
        ulong tableOffset = U64(header, 40);
        ushort entrySize = U16(header, 58);
        long count = U16(header, 60);
        if (tableOffset == 0)
        {
            return Array.Empty<Section>();
        }

        Require(entrySize >= SectionHeaderSize, "its section header size is " + entrySize + " bytes, fewer than the " + SectionHeaderSize + " of ELF64");
        Require(tableOffset + (ulong)entrySize <= (ulong)length, "its section header table starts at byte " + tableOffset + ", past the end of its " + length + " bytes");
        if (count == 0)
        {
            // More than 0xff00 sections: the real count is in section 0's sh_size.
            byte[] first = ReadAt((long)tableOffset, SectionHeaderSize, "section header 0");
            ulong realCount = U64(first, 32);
            Require(realCount <= (ulong)length / entrySize, "section header 0 claims " + realCount + " sections, more than its size allows");
            count = (long)realCount;
        }

        long tableEnd = (long)tableOffset + count * entrySize;
        Require(tableEnd <= length, "its section header table (" + count + " entries of " + entrySize + " bytes from byte " + tableOffset + ") ends at byte " + tableEnd + ", past the end of its " + length + " bytes");
        byte[] table = ReadAt((long)tableOffset, (int)(count * entrySize), "the section header table");
        var result = new Section[count];
        for (int i = 0; i < count; i++)
        {
            int at = i * entrySize;
            result[i] = new Section(U32(table, at + 4), (long)U64(table, at + 24), (long)U64(table, at + 32), U32(table, at + 40), U32(table, at + 44));
        }

        return result;
    }

    private int FindSection(uint type)
    {
        for (int i = 0; i < sections.Length; i++)
        {
            if (sections[i].Type == type)
            {
                return i;
            }
        }

        return -1;
    }

    private byte[] ReadSection(Section section, string what)
    {
        Require(section.Offset >= 0 && section.Size >= 0 && section.Size <= int.MaxValue, "its " + what + " section header has an impossible offset or size");
        long end = section.Offset + section.Size;
        Require(end <= length, "its " + what + " section (" + section.Size + " bytes from byte " + section.Offset + ") ends at byte " + end + ", past the end of its " + length + " bytes");
        return ReadAt(section.Offset, (int)section.Size, what);
    }

    private byte[] ReadLinkedStrings(Section section, string what)
    {
        Require(section.Link != 0 && section.Link < sections.Length, "its " + what + " section links to string table " + section.Link + ", which does not exist");
        return ReadSection(sections[section.Link], "string table of " + what);
    }

    private string ReadString(byte[] table, uint offset, string what)
    {
        Require(offset < table.Length, "a name in " + what + " points at string-table offset " + offset + ", past the table's " + table.Length + " bytes");
        int end = Array.IndexOf(table, (byte)0, (int)offset);
        Require(end >= 0, "a name in " + what + " at string-table offset " + offset + " has no terminating zero byte");
        return System.Text.Encoding.UTF8.GetString(table, (int)offset, end - (int)offset);
    }

    private byte[] ReadAt(long offset, int count, string what)
    {
        var buffer = new byte[count];
        stream.Position = offset;
        int done = 0;
        while (done < count)
        {
            int read = stream.Read(buffer, done, count - done);
            if (read == 0)
            {
                throw Invalid("it is truncated: " + what + " needs bytes " + offset + " to " + (offset + count) + " but the file ends at byte " + (offset + done));
            }

            done += read;
        }

        return buffer;
    }

    private void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw Invalid("it is truncated or malformed: " + problem);
        }
    }

    private InvalidDataException Invalid(string problem) =>
        new InvalidDataException("Cannot read ELF file '" + path + "': " + problem + ".");

    private static ushort U16(byte[] data, int at) => (ushort)(data[at] | (data[at + 1] << 8));

    private static uint U32(byte[] data, int at) =>
        (uint)(data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24));

    private static ulong U64(byte[] data, int at) => U32(data, at) | ((ulong)U32(data, at + 4) << 32);

    private readonly struct Section
    {
        public Section(uint type, long offset, long size, uint link, uint info)
        {
            Type = type;
            Offset = offset;
            Size = size;
            Link = link;
            Info = info;
        }

        public uint Type { get; }

        public long Offset { get; }

        public long Size { get; }

        public uint Link { get; }

        public uint Info { get; }
    }
}
