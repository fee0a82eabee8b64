using Esm.Service.Model;
using Esm.Service.Stores;

namespace Esm.Service.Operations;

/// <summary>
/// Makes every operation run exactly once among broker replicas sharing a store: a runner claims
/// the operation with compare-and-set (its id and an expiry), renews the claim while it works,
/// and writes progress and outcome only while the claim is its own. A replica resumes an operation
/// only when nobody holds it, so a crashed runner's work is taken over once its claim lapses.
/// </summary>
public sealed class OperationLeases(TimeProvider clock, TimeSpan duration)
{
    /// <summary>This process among the replicas.</summary>
    public string RunnerId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public TimeSpan Duration { get; } = duration;

    /// <summary>
    /// The operation claimed by this process from now on. A blocking operation is stored this way,
    /// as it runs here within its request: no other replica may start it meanwhile, and it is
    /// resumed elsewhere only if this process dies before finishing it.
    /// </summary>
    public Operation Claimed(Operation operation) =>
        operation with { RunnerId = RunnerId, LeaseExpiresAt = clock.GetUtcNow() + Duration };

    /// <summary>The operation claimed by this process; null when it is not there to claim.</summary>
    public async Task<HeldOperation<T>?> TryClaimAsync<T>(IRecordCollection<T> records, string key, string operationId, CancellationToken cancellationToken)
        where T : class, IOperationRecord<T>
    {
        while (true)
        {
            var current = await records.GetAsync(key, cancellationToken);
            if (current is null || current.LastOperation.Id != operationId || !current.LastOperation.IsClaimable(clock.GetUtcNow()))
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

    /// <summary>Renews the claim every third of its duration until disposed.</summary>
    public IAsyncDisposable KeepAlive<T>(HeldOperation<T> held) where T : class, IOperationRecord<T>
    {
        var stop = new CancellationTokenSource();
        var renewing = RenewAsync(held, stop.Token);
        return new Renewal(stop, renewing);
    }

    private async Task RenewAsync<T>(HeldOperation<T> held, CancellationToken stop) where T : class, IOperationRecord<T>
    {
        try
        {
            while (true)
            {
                await Task.Delay(Duration / 3, clock, stop);
                var renewed = await held.UpdateAsync(r => r.WithLastOperation(Claimed(r.LastOperation)), stop);
                if (!renewed.Written)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private sealed class Renewal(CancellationTokenSource stop, Task renewing) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await renewing;
            stop.Dispose();
        }
    }
}
