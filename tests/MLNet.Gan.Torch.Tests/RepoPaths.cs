namespace MLNet.Gan.Torch.Tests;

/// <summary>Locates files of the repository from the test's output folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Native => Path.Combine(Root, "src", "MLNet.Gan.Native", "src");

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MLNet.Gan.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MLNet.Gan.sln not found above " + AppContext.BaseDirectory);
    }
}
