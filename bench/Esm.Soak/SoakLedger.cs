using System.Collections.Concurrent;

namespace Esm.Soak;

/// <summary>What the clients saw: every answer by status, and the instances they believe exist.</summary>
public sealed class SoakLedger
{
    private long _served;

    public long Served => Interlocked.Read(ref _served);

    /// <summary>Answers that were not what the step expects, by status (or "unreachable" while the broker restarts).</summary>
    public ConcurrentDictionary<string, long> Unexpected { get; } = new();

    /// <summary>Instances provisioned and not (yet) acknowledged as deprovisioned.</summary>
    public ConcurrentDictionary<string, byte> Expected { get; } = new();

    public long Unreachable => Unexpected.GetValueOrDefault("unreachable");

    public void Answered() => Interlocked.Increment(ref _served);

    public void Surprised(string what) => Unexpected.AddOrUpdate(what, 1, (_, count) => count + 1);
}
