// Runs tests/MLNet.Gan.ModelProbe — a console app that loads a model file with LoadWithGan and writes its output
// columns — as a separate process, building it first when its build is missing or older than the library under test.
using System.Diagnostics;

namespace MLNet.Gan.Tests.Gan;

internal static class ModelProbe
{
    private const string Project = "MLNet.Gan.ModelProbe";
    private static readonly object Gate = new();

    /// <summary>The repository root: the first folder above the test's output that holds MLNet.Gan.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MLNet.Gan.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no MLNet.Gan.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Runs the probe with <paramref name="args"/>; returns its exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var dll = EnsureBuilt();
        return Start(new[] { "exec", dll }.Concat(args), TimeSpan.FromMinutes(2));
    }

    private static string EnsureBuilt()
    {
        lock (Gate)
        {
            var root = RepoRoot();
            // The test runs from bin/<Configuration>/<framework>/: build the probe the same way.
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var (framework, configuration) = (output.Name, output.Parent!.Name);
            var projectDir = Path.Combine(root, "tests", Project);
            var dll = Path.Combine(projectDir, "bin", configuration, framework, Project + ".dll");
            if (!IsCurrent(dll, projectDir))
            {
                var (code, log) = Start(
                    new[] { "build", Path.Combine(projectDir, Project + ".csproj"), "-c", configuration, "-nologo", "-v:q", "-nodeReuse:false" },
                    TimeSpan.FromMinutes(5));
                Assert.AreEqual(0, code, $"building {Project} failed:\n{log}");
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

    private static (int ExitCode, string Output) Start(IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', info.ArgumentList)} did not finish in {timeout}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>The dotnet host running this test (testhost runs under it), else dotnet from the PATH.</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
