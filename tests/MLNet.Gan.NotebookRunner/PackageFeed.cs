// The repository's notebook packages (MLNet.Gan and MLNet.Gan.Interactive), packed into a local package source, with
// the packed version taken out of the user's package cache so that the notebook host restores these very packages.
using System.Xml.Linq;

namespace MLNet.Gan.NotebookRunner;

/// <summary>
/// Packs MLNet.Gan and MLNet.Gan.Interactive (Release, the repository's version, as the README's pack commands do) into
/// <see cref="Folder"/>, then takes that version of both out of the user's package cache: NuGet restores a version once, so
/// a copy left there by an earlier pack would otherwise stand in for the code being run. The notebooks find the folder
/// through <see cref="Variable"/>, else at <c>../artifacts/packages</c> from their own folder.
/// </summary>
internal sealed class PackageFeed : IDisposable
{
    /// <summary>The packages a notebook takes from the local package source.</summary>
    public static readonly string[] PackageIds = ["MLNet.Gan", "MLNet.Gan.Interactive"];

    /// <summary>The environment variable a notebook reads for the local package source's path (default: ../artifacts/packages).</summary>
    public const string Variable = "MLNETGAN_PACKAGES";

    private readonly string? temporaryRoot;

    private PackageFeed(string folder, string version, string? temporaryRoot)
    {
        Folder = folder;
        Version = version;
        this.temporaryRoot = temporaryRoot;
    }

    /// <summary>The folder holding the packages.</summary>
    public string Folder { get; }

    /// <summary>The version of both packages, for example 0.1.0.</summary>
    public string Version { get; }

    /// <summary>The environment the notebook host runs with: <see cref="Variable"/> naming <see cref="Folder"/>.</summary>
    public IReadOnlyDictionary<string, string> HostEnvironment => new Dictionary<string, string> { [Variable] = Folder };

    /// <summary>Packs into a temporary folder, deleted (and the version taken out of the cache again) on <see cref="Dispose"/>.</summary>
    public static PackageFeed PackTemporary(string repoRoot)
    {
        var root = Directory.CreateTempSubdirectory("mlnetgan-feed-").FullName;
        try
        {
            return Pack(repoRoot, Path.Combine(root, "packages"), Path.Combine(root, "build"), root);
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    /// <summary>Packs into the repository's <c>artifacts/packages</c>, where a notebook finds them by default; they stay there.</summary>
    public static PackageFeed PackIntoRepository(string repoRoot) =>
        Pack(repoRoot, Path.Combine(repoRoot, "artifacts", "packages"), null, null);

    private static PackageFeed Pack(string repoRoot, string folder, string? buildFolder, string? temporaryRoot)
    {
        foreach (var project in new[] { "src/MLNet.Gan/MLNet.Gan.csproj", "src/MLNet.Gan.Interactive/MLNet.Gan.Interactive.csproj" })
        {
            string[] args = ["pack", Path.Combine(repoRoot, project), "-c", "Release", "-v:q", "-nodeReuse:false", $"-p:PackageOutputPath={folder}/"];
            ChildProcess.Dotnet(buildFolder is null ? args : [.. args, "--artifacts-path", buildFolder], TimeSpan.FromMinutes(10), repoRoot);
        }

        var version = XDocument.Load(Path.Combine(repoRoot, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value.Trim();
        foreach (var id in PackageIds)
        {
            if (!File.Exists(Path.Combine(folder, $"{id}.{version}.nupkg")))
            {
                throw new ChildProcessException($"dotnet pack wrote no {id}.{version}.nupkg into {folder}; it holds: {string.Join(", ", Directory.GetFiles(folder).Select(Path.GetFileName))}");
            }
        }

        var feed = new PackageFeed(folder, version, temporaryRoot);
        feed.EvictFromPackageCache();
        return feed;
    }

    public void Dispose()
    {
        if (temporaryRoot is not null)
        {
            Directory.Delete(temporaryRoot, recursive: true);

            // The host restored these into the user's package cache; a later notebook restores its own from its own source.
            EvictFromPackageCache();
        }
    }

    private void EvictFromPackageCache()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in PackageIds)
        {
            var restored = Path.Combine(cache, id.ToLowerInvariant(), Version);
            if (Directory.Exists(restored))
            {
                Directory.Delete(restored, recursive: true);
            }
        }
    }
}
