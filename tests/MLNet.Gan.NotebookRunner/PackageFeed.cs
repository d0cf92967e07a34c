// The repository's notebook packages (MLNet.Gan and MLNet.Gan.Interactive), packed into a temporary local feed with a
// version no earlier run used, so that no copy in the package cache can stand in for the code being run.
using System.Text.RegularExpressions;

namespace MLNet.Gan.NotebookRunner;

/// <summary>
/// Packs MLNet.Gan and MLNet.Gan.Interactive (Release, the README's pack settings) into a temporary folder with a unique
/// pre-release version. A notebook names the repository's own feed and version, as a user does
/// (<c>#i "nuget: ../artifacts/packages"</c>, <c>#r "nuget: MLNet.Gan.Interactive, 0.1.0"</c>); <see cref="Serve"/> points
/// those two at this feed and version, and changes nothing else. Disposing deletes the feed and takes this version out of
/// the user's package cache again.
/// </summary>
internal sealed partial class PackageFeed : IDisposable
{
    /// <summary>The packages a notebook takes from the local feed.</summary>
    public static readonly string[] PackageIds = ["MLNet.Gan", "MLNet.Gan.Interactive"];

    private readonly string root;

    private PackageFeed(string root, string version)
    {
        this.root = root;
        Folder = Path.Combine(root, "packages");
        Version = version;
    }

    /// <summary>The folder holding the packages.</summary>
    public string Folder { get; }

    /// <summary>The version of both packages, for example 0.1.0-nb1a2b3c4d5e6f.</summary>
    public string Version { get; }

    /// <summary>Packs both packages from <paramref name="repoRoot"/>; build output goes to the temporary folder, not the repository's.</summary>
    public static PackageFeed Pack(string repoRoot)
    {
        var root = Directory.CreateTempSubdirectory("mlnetgan-feed-").FullName;
        var suffix = "nb" + Guid.NewGuid().ToString("N")[..12];
        var feed = new PackageFeed(root, "");
        try
        {
            foreach (var project in new[] { "src/MLNet.Gan/MLNet.Gan.csproj", "src/MLNet.Gan.Interactive/MLNet.Gan.Interactive.csproj" })
            {
                ChildProcess.Dotnet(
                    [
                        "pack", Path.Combine(repoRoot, project), "-c", "Release", "-v:q", "-nodeReuse:false",
                        "--artifacts-path", Path.Combine(root, "build"), $"-p:PackageOutputPath={feed.Folder}/", $"-p:VersionSuffix={suffix}",
                    ],
                    TimeSpan.FromMinutes(10), repoRoot);
            }

            var library = Directory.GetFiles(feed.Folder, "MLNet.Gan.*.nupkg").Select(Path.GetFileNameWithoutExtension)
                .SingleOrDefault(n => !n!.StartsWith("MLNet.Gan.Interactive.", StringComparison.Ordinal))
                ?? throw new ChildProcessException($"dotnet pack wrote no MLNet.Gan package into {feed.Folder}");
            var version = library["MLNet.Gan.".Length..];
            if (!version.EndsWith("-" + suffix, StringComparison.Ordinal) || !File.Exists(Path.Combine(feed.Folder, $"MLNet.Gan.Interactive.{version}.nupkg")))
            {
                throw new ChildProcessException($"{feed.Folder} lacks MLNet.Gan.Interactive {version}, or {version} lacks the suffix {suffix}");
            }

            return new PackageFeed(root, version);
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// <paramref name="code"/> with its <c>#i "nuget: …artifacts/packages"</c> naming this feed and its <c>#r "nuget: …"</c> of
    /// <see cref="PackageIds"/> naming <see cref="Version"/>; every other line as it was.
    /// </summary>
    public string Serve(string code)
    {
        code = FeedSource().Replace(code, m => $"#i \"nuget: {Folder}\"");
        return RepositoryPackage().Replace(code, m => $"#r \"nuget: {m.Groups["id"].Value}, {Version}\"");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        finally
        {
            // The host restores into the user's package cache: take this run's unique version out again.
            var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
                ? custom
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            foreach (var id in PackageIds)
            {
                var versions = Path.Combine(cache, id.ToLowerInvariant());
                var restored = Path.Combine(versions, Version);
                if (Version.Length > 0 && Directory.Exists(restored))
                {
                    Directory.Delete(restored, recursive: true);
                }

                if (Directory.Exists(versions) && !Directory.EnumerateFileSystemEntries(versions).Any())
                {
                    Directory.Delete(versions);
                }
            }
        }
    }

    [GeneratedRegex("#i\\s+\"nuget:\\s*[^\"]*artifacts/packages/?\"")]
    private static partial Regex FeedSource();

    [GeneratedRegex("#r\\s+\"nuget:\\s*(?<id>MLNet\\.Gan(\\.Interactive)?)\\s*,\\s*[^\"]+\"")]
    private static partial Regex RepositoryPackage();
}
