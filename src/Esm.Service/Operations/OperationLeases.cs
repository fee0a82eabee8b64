using System.Collections.Concurrent;
using Esm.Service.Model;
using Esm.Service.Stores;

namespace Esm.Service.Operations;

/// <summary>
/// Makes every operation run exactly once among broker replicas sharing a store: a runner claims
/// the operation with compare-and-set (its id and an expiry), renews the claim while it works,
/// and writes progress and outcome only while the claim is its own. A replica resumes an operation
/// only when nobody holds it, so a crashed runner's work is taken over once its claim lapses.
/// </summary>
public sealed class OperationLeases : IDisposable
{
    private readonly TimeProvider _clock;
    private readonly ILogger<OperationLeases> _logger;
    // Keyed by a number rather than by the held operation: hashing an object the first time costs
    // more than the rest of registering it.
    private readonly ConcurrentDictionary<long, Func<Task<bool>>> _held = new();
    private readonly ITimer _renewal;
    private long _lastHeldId;
    private int _renewing;

    public OperationLeases(TimeProvider clock, TimeSpan duration, ILogger<OperationLeases> logger)
    {
        _clock = clock;
        _logger = logger;
        Duration = duration;

        // One timer renews every claim this process holds: a blocking operation lasts far less
        // than a renewal period, and a timer (with its cancellation) per operation cost more than
        // the operation's own bookkeeping.
        _renewal = clock.CreateTimer(_ => RenewHeld(), null, duration / 3, duration / 3);
    }

    /// <summary>This process among the replicas.</summary>
    public string RunnerId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public TimeSpan Duration { get; }

    /// <summary>
    /// The operation claimed by this process from now on. A blocking operation is stored this way,
    /// as it runs here within its request: no other replica may start it meanwhile, and it is
    /// resumed elsewhere only if this process dies before finishing it.
    /// </summary>
    public Operation Claimed(Operation operation) =>
        operation with { RunnerId = RunnerId, LeaseExpiresAt = _clock.GetUtcNow() + Duration };

    /// <summary>The operation claimed by this process; null when it is not there to claim.</summary>
    public async Task<HeldOperation<T>?> TryClaimAsync<T>(IRecordCollection<T> records, string key, string operationId, CancellationToken cancellationToken)
        where T : class, IOperationRecord<T>
    {
        while (true)
        {
            var current = await records.GetAsync(key, cancellationToken);
            if (current is null || current.LastOperation.Id != operationId || !current.LastOperation.IsClaimable(_clock.GetUtcNow()))
            {
                return null;
            }

            if (await records.TryReplaceAsync(current.WithLastOperation(Claimed(current.LastOperation)), cancellationToken) is { } stored)
            {
                return new HeldOperation<T>(records, stored, this);
            }
        }
    }

    /// <summary>The operation of a record stored already claimed by this process (see <see cref="Claimed"/>).</summary>
    public HeldOperation<T> Hold<T>(IRecordCollection<T> records, T claimed) where T : class, IOperationRecord<T> =>
        Holds(claimed, claimed.LastOperation.Id)
            ? new HeldOperation<T>(records, claimed, this)
            : throw new ArgumentException($"Operation {claimed.LastOperation.Id} is not in progress under this process's claim.", nameof(claimed));

    /// <summary>Whether the record's current operation is this one, running, and held by this process.</summary>
    public bool Holds<T>(T record, string operationId) where T : IOperationRecord<T> =>
        record.LastOperation.Id == operationId && record.LastOperation.IsInProgress && record.LastOperation.RunnerId == RunnerId;

    /// <summary>Renews the claim at least every third of its duration until disposed.</summary>
    public IDisposable KeepAlive<T>(HeldOperation<T> held) where T : class, IOperationRecord<T>
    {
        var id = Interlocked.Increment(ref _lastHeldId);
        _held[id] = async () => (await held.UpdateAsync(r => r.WithLastOperation(Claimed(r.LastOperation)), CancellationToken.None)).Written;
        return new Renewal(this, id);
    }

    public void Dispose() => _renewal.Dispose();

    private void RenewHeld()
    {
        // A round still writing (a slow store) is not overtaken by the next one.
        if (_held.IsEmpty || Interlocked.Exchange(ref _renewing, 1) == 1)
        {
            return;
        }

        _ = RenewHeldAsync();
    }

    private async Task RenewHeldAsync()
    {
        try
        {
            foreach (var (id, renew) in _held)
            {
                try
                {
                    if (!await renew())
                    {
                        // Taken over or finished: the runner finds out at its next write.
                        _held.TryRemove(id, out _);
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The next round tries again, and a claim that lapses meanwhile is noticed by
                    // the runner's next compare-and-set; an operator still needs to see why.
                    _logger.LogWarning(e, "Renewing an operation's claim failed; retrying in {Seconds} s.", (Duration / 3).TotalSeconds);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }

    private sealed class Renewal(OperationLeases owner, long id) : IDisposable
    {
        public void Dispose() => owner._held.TryRemove(id, out _);
    }
}
