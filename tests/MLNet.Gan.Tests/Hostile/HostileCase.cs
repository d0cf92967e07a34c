// Hostile inputs met from the command line: each case writes its bad file(s) into a folder and names the mlnet-gan command
// that meets them. Areas add cases by implementing IHostileCaseSource in a file of their own (images, lists, IDX, model
// files); HostileCaseTests finds every source by reflection, runs every case and writes the table the docs show.
namespace MLNet.Gan.Tests.Hostile;

/// <summary>What a hostile case must end in.</summary>
internal enum HostileOutcome
{
    /// <summary>Exit code 2 and exactly one "error:" line naming what was wrong and where.</summary>
    Refused,

    /// <summary>Exit code 0: the bad files are skipped, counted and named in the output (a folder or list with some good files).</summary>
    SkippedAndNamed,
}

/// <summary>One hostile input and the command that meets it.</summary>
/// <param name="Area">What kind of input: "image", "image list", "IDX", "model file", "checkpoint", ...</param>
/// <param name="Name">The case in a few words ("PNG truncated after its header").</param>
/// <param name="Args">The mlnet-gan arguments.</param>
/// <param name="Expected">What the run must end in.</param>
/// <param name="Mentions">Texts the error line (or, when skipped, the output) must contain: the file's name and what is wrong.</param>
internal sealed record HostileCase(string Area, string Name, string[] Args, HostileOutcome Expected, params string[] Mentions)
{
    /// <summary>The most a case may take before it counts as a hang.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>A set of hostile cases; implementations need a public parameterless constructor.</summary>
internal interface IHostileCaseSource
{
    /// <summary>Writes the hostile files into <paramref name="folder"/> (a fresh folder of its own) and returns the cases.</summary>
    IEnumerable<HostileCase> Create(string folder);
}
