// Runs tests/MLNet.Gan.ModelProbe — a console app that loads a model file with LoadWithGan and writes its output
// columns — as a separate process, building it first when its build is missing or older than the library under test.
using MLNet.Gan.Tests.Build;

namespace MLNet.Gan.Tests.Gan;

internal static class ModelProbe
{
    private const string Project = "MLNet.Gan.ModelProbe";
    private static readonly object Gate = new();

    /// <summary>Runs the probe with <paramref name="args"/>; returns its exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var dll = EnsureBuilt();
        var run = DotnetCommand.Dotnet(new[] { "exec", dll }.Concat(args), TimeSpan.FromMinutes(2));
        return (run.ExitCode, run.Output);
    }

    private static string EnsureBuilt()
    {
        lock (Gate)
        {
            var root = DotnetCommand.RepoRoot();
            // The test runs from bin/<Configuration>/<framework>/: build the probe the same way.
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var (framework, configuration) = (output.Name, output.Parent!.Name);
            var projectDir = Path.Combine(root, "tests", Project);
            var dll = Path.Combine(projectDir, "bin", configuration, framework, Project + ".dll");
            if (!IsCurrent(dll, projectDir))
            {
                DotnetCommand.DotnetOk(
                    new[] { "build", Path.Combine(projectDir, Project + ".csproj"), "-c", configuration, "-nologo", "-v:q", "-nodeReuse:false" },
                    TimeSpan.FromMinutes(5));
            }

            return dll;
        }
    }

    /// <summary>True when the probe's build holds the same library as this test run and is newer than its sources.</summary>
    private static bool IsCurrent(string dll, string projectDir)
    {
        var library = Path.Combine(Path.GetDirectoryName(dll)!, "MLNet.Gan.dll");
        if (!File.Exists(dll) || !File.Exists(library))
        {
            return false;
        }

        var built = File.GetLastWriteTimeUtc(dll);
        var sourcesOlder = Directory.GetFiles(projectDir, "*.cs*", SearchOption.TopDirectoryOnly).All(f => File.GetLastWriteTimeUtc(f) <= built);
        var sameLibrary = File.ReadAllBytes(library).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "MLNet.Gan.dll")));
        return sourcesOlder && sameLibrary;
    }
}
