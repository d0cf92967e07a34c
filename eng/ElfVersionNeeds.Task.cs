// The MSBuild task of eng/TorchSharp.Debian.targets. Not a file of its own: the targets file appends it to
// eng/ElfVersionNeeds.cs and eng/ElfReader.cs and hands all three to RoslynCodeTaskFactory as one class source,
// so this text shares the first file's using directives and its namespace (MLNet.Gan.Build), and adds none
// (C# allows no using directive after a namespace). Hence the fully qualified MSBuild names. Keep it free of
// backslashes, like ElfVersionNeeds.cs.

/// <summary>
/// Marks a symbol-version requirement (by default <c>GLIBCXX_3.4.32</c>) weak in copies of a native library in a
/// build or publish folder, when the system's <c>libstdc++.so.6</c> does not define that version (or always, for
/// files that travel to other machines, such as a tool package's).
/// </summary>
public sealed class MarkVersionNeedWeak : Microsoft.Build.Utilities.Task
{
    /// <summary>The files to patch (copies in an output folder, never the package cache's).</summary>
    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    /// <summary>The version requirement to make weak.</summary>
    public string VersionName { get; set; } = "GLIBCXX_3.4.32";

    /// <summary>The library whose definitions decide (its soname); found through the loader cache.</summary>
    public string SystemLibraryName { get; set; } = "libstdc++.so.6";

    /// <summary>An explicit path to that library, which skips the search.</summary>
    public string SystemLibraryPath { get; set; } = "";

    /// <summary>
    /// Whether to look at this machine's library first and leave the files alone when it defines the version (the
    /// default). False marks the requirement weak whatever this machine has: for files that other machines will load.
    /// </summary>
    public bool OnlyWhenSystemLacksVersion { get; set; } = true;

    /// <summary>The files that were rewritten.</summary>
    [Microsoft.Build.Framework.Output]
    public Microsoft.Build.Framework.ITaskItem[] Patched { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    /// <inheritdoc />
    public override bool Execute()
    {
        var patched = new List<Microsoft.Build.Framework.ITaskItem>();
        var verdicts = new Dictionary<ushort, bool>();
        foreach (Microsoft.Build.Framework.ITaskItem item in Files)
        {
            string file = item.GetMetadata("FullPath");
            if (!File.Exists(file))
            {
                continue;
            }

            try
            {
                ushort machine = ElfVersionNeeds.ReadMachine(file);
                bool systemDefines = false;
                if (OnlyWhenSystemLacksVersion && !verdicts.TryGetValue(machine, out systemDefines))
                {
                    string? library = SystemLibraryPath.Length > 0 ? SystemLibraryPath : ElfVersionNeeds.FindSystemLibrary(SystemLibraryName, machine);
                    if (library == null)
                    {
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low,
                            "No " + SystemLibraryName + " for ELF machine " + machine + " was found; " + file + " is left as it is.");
                        continue;
                    }

                    systemDefines = ElfVersionNeeds.DefinesVersion(library, VersionName);
                    verdicts[machine] = systemDefines;
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low,
                        library + (systemDefines ? " defines " : " does not define ") + VersionName + ".");
                }

                if (systemDefines)
                {
                    continue;
                }

                WeakMarkResult result = ElfVersionNeeds.MarkWeak(file, VersionName);
                if (result == WeakMarkResult.Marked)
                {
                    patched.Add(item);
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                        "Marked the " + VersionName + " requirement of " + file + " weak: "
                        + (OnlyWhenSystemLacksVersion ? "the system " + SystemLibraryName + " lacks that version" : "it is bound for other machines")
                        + ", and nothing binds to it (see TorchSharp.Debian.targets).");
                }
                else
                {
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low,
                        file + ": " + (result == WeakMarkResult.AlreadyWeak ? "the " + VersionName + " requirement is weak already." : "no " + VersionName + " requirement."));
                }
            }
            catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException)
            {
                Log.LogError("Could not mark the " + VersionName + " requirement of " + file + " weak: " + e.Message);
            }
        }

        Patched = patched.ToArray();
        return !Log.HasLoggedErrors;
    }
}
