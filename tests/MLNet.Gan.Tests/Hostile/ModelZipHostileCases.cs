// Hostile model files met by `mlnet-gan info`: files that are not model zips at all.
namespace MLNet.Gan.Tests.Hostile;

/// <summary>Model files that are not zips, or empty ones.</summary>
internal sealed class ModelZipHostileCases : IHostileCaseSource
{
    public IEnumerable<HostileCase> Create(string folder)
    {
        var text = Path.Combine(folder, "notes.zip");
        File.WriteAllText(text, "hello");
        yield return new HostileCase("model file", "a text file named .zip", ["info", "--model", text], HostileOutcome.Refused, "notes.zip");

        var empty = Path.Combine(folder, "empty.zip");
        File.WriteAllBytes(empty, []);
        yield return new HostileCase("model file", "an empty file", ["info", "--model", empty], HostileOutcome.Refused, "empty.zip");
    }
}
