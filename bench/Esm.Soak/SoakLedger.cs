using System.Collections.Concurrent;

namespace Esm.Soak;

/// <summary>What the clients saw: every answer by status, and every instance they were told was provisioned or deprovisioned.</summary>
public sealed class SoakLedger
{
    private long _served;

    public long Served => Interlocked.Read(ref _served);

    /// <summary>Answers that were not what the step expects, by status (or "unreachable" while the broker restarts).</summary>
    public ConcurrentDictionary<string, long> Unexpected { get; } = new();

    /// <summary>Instances whose provision the broker acknowledged (201, 200 or 202).</summary>
    public ConcurrentDictionary<string, byte> Provisioned { get; } = new();

    /// <summary>Instances whose deprovision the broker acknowledged (200, 202 or 410).</summary>
    public ConcurrentDictionary<string, byte> Deprovisioned { get; } = new();

    /// <summary>What must exist at the end: acknowledged and not acknowledged as deleted.</summary>
    public IReadOnlySet<string> ExpectedLive => Provisioned.Keys.Except(Deprovisioned.Keys).ToHashSet();

    public long Unreachable => Unexpected.GetValueOrDefault("unreachable");

    public void Answered() => Interlocked.Increment(ref _served);

    public void Surprised(string what) => Unexpected.AddOrUpdate(what, 1, (_, count) => count + 1);
}
