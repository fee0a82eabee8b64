namespace Esm.Bench;

/// <summary>The instances a seeding inserted (their ids, for the scenarios to work on), out of how many asked, and how long it took.</summary>
internal sealed record SeedResult(IReadOnlyList<string> InstanceIds, int Requested, TimeSpan Elapsed)
{
    public bool IsComplete => InstanceIds.Count == Requested;

    public double PerSecond => InstanceIds.Count / Math.Max(Elapsed.TotalSeconds, 1e-3);
}
