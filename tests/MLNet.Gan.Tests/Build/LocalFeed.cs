// The repository's packages, packed once into a temporary local feed with a version no earlier run used, and the
// nuget.config a fresh consumer folder gets: that feed plus the repository's own sources.
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace MLNet.Gan.Tests.Build;

/// <summary>
/// Runs the README's pack command (<c>dotnet pack MLNet.Gan.sln -c Release</c>) into a temporary folder, with a
/// unique pre-release version so that no copy in a package cache can stand in for the fresh packages, and with the
/// tool packed for this machine's platform only. Build output goes to the temporary folder too (artifacts
/// layout), so the repository's bin and obj folders are left alone.
/// </summary>
internal sealed class LocalFeed : IDisposable
{
    private readonly TempFolder root = new();

    private LocalFeed(string versionSuffix)
    {
        Packages = Path.Combine(root.Path, "packages");
        var args = new[]
        {
            "pack", Path.Combine(DotnetCommand.RepoRoot(), "MLNet.Gan.sln"), "-c", "Release", "-v:m", "-nodeReuse:false",
            "--artifacts-path", Path.Combine(root.Path, "build"),
            $"-p:PackageOutputPath={Packages}/",
            $"-p:VersionSuffix={versionSuffix}",
            $"-p:ToolPackageRuntimeIdentifiers={Rid}",
        };
        PackRun = DotnetCommand.DotnetOk(args, TimeSpan.FromMinutes(10));

        var library = Directory.GetFiles(Packages, "MLNet.Gan.*.nupkg").SingleOrDefault(f => !Path.GetFileName(f).StartsWith("MLNet.Gan.Interactive.", StringComparison.Ordinal));
        Assert.IsNotNull(library, $"dotnet pack wrote no MLNet.Gan package into {Packages}:\n{PackRun.Describe()}");
        Version = Path.GetFileNameWithoutExtension(library)["MLNet.Gan.".Length..];
        Assert.EndsWith("-" + versionSuffix, Version, $"the package version {Version} does not carry the suffix asked for");
    }

    /// <summary>The platform the tool is packed for: this machine's.</summary>
    public static string Rid => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";

    /// <summary>The folder the packages were written to.</summary>
    public string Packages { get; }

    /// <summary>The version of every package packed here, for example 0.1.0-t1a2b3c4d5e6f.</summary>
    public string Version { get; }

    /// <summary>The pack command and what it printed.</summary>
    public CommandRun PackRun { get; }

    /// <summary>Packs the repository into a fresh feed.</summary>
    public static LocalFeed Pack() => new("t" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The path of package <paramref name="id"/> in the feed, which must exist.</summary>
    public string PackageFile(string id)
    {
        var path = Path.Combine(Packages, $"{id}.{Version}.nupkg");
        Assert.IsTrue(File.Exists(path), $"no {Path.GetFileName(path)} in {Packages}; it holds: {string.Join(", ", Directory.GetFiles(Packages).Select(Path.GetFileName))}");
        return path;
    }

    /// <summary>The nuspec of package <paramref name="id"/>.</summary>
    public XElement Nuspec(string id)
    {
        using var zip = ZipFile.OpenRead(PackageFile(id));
        var entry = zip.GetEntry(id + ".nuspec");
        Assert.IsNotNull(entry, $"{id} has no {id}.nuspec");
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!;
    }

    /// <summary>
    /// A fresh folder for a consumer: a nuget.config whose sources are this feed and the repository's own, whose global
    /// packages folder is new (with the user's package cache as a read-only fallback, so nothing is downloaded twice and
    /// nothing is written there), and empty Directory.Build files so nothing above the folder reaches its projects.
    /// </summary>
    public string NewConsumerFolder(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root.Path, name)).FullName;
        var repoConfig = XDocument.Load(Path.Combine(DotnetCommand.RepoRoot(), "nuget.config"));
        var sources = repoConfig.Root!.Element("packageSources")!.Elements("add");
        var config = new XElement("configuration",
            new XElement("config", Add("globalPackagesFolder", Path.Combine(folder, ".nuget-packages"))),
            new XElement("packageSources", new XElement("clear"), Add("local-feed", Packages), sources),
            new XElement("fallbackPackageFolders", Add("user-cache", NativeLibraries.PackageCache())));
        new XDocument(config).Save(Path.Combine(folder, "nuget.config"));
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />\n");
        return folder;
    }

    public void Dispose() => root.Dispose();

    private static XElement Add(string key, string value) => new("add", new XAttribute("key", key), new XAttribute("value", value));
}
