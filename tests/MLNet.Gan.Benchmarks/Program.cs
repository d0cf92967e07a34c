// Runs the repository's benchmarks: `dotnet run -c Release --project tests/MLNet.Gan.Benchmarks -- [name...]`.
using System.Reflection;
using MLNet.Gan.Benchmarks;

var suites = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmarkSuite).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmarkSuite)Activator.CreateInstance(t)!)
    .OrderBy(s => s.Name, StringComparer.Ordinal)
    .ToList();

var names = BenchmarkArgs.Names(args);
if (names.Contains("list"))
{
    foreach (var s in suites)
    {
        Console.WriteLine($"{s.Name,-24} {s.Description}");
    }

    return 0;
}

var selected = suites.Where(s => names.Count == 0 || names.Contains(s.Name)).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine($"no benchmark named {string.Join(", ", names)}; run with 'list' to see them");
    return 2;
}

foreach (var suite in selected)
{
    Console.WriteLine($"== {suite.Name}: {suite.Description}");
    suite.Run(args);
    Console.WriteLine();
}

return 0;
