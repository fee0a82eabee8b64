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

    /// <summary>The record with the operation claimed by this process; null when it is not there to claim.</summary>
    public async Task<T?> TryClaimAsync<T>(IRecordCollection<T> records, string key, string operationId, CancellationToken cancellationToken)
        where T : class, IOperationRecord<T>
    {
        while (true)
        {
            var current = await records.GetAsync(key, cancellationToken);
            if (current is null || current.LastOperation.Id != operationId || !current.LastOperation.IsClaimable(clock.GetUtcNow()))
            {
                return null;
            }

            var claimed = current.WithLastOperation(current.LastOperation with { RunnerId = RunnerId, LeaseExpiresAt = clock.GetUtcNow() + Duration });
            if (await records.TryReplaceAsync(claimed, cancellationToken) is { } stored)
            {
                return stored;
            }
        }
    }

    /// <summary>Whether the record's current operation is this one, running, and held by this process.</summary>
    public bool Holds<T>(T record, string operationId) where T : IOperationRecord<T> =>
        record.LastOperation.Id == operationId && record.LastOperation.IsInProgress && record.LastOperation.RunnerId == RunnerId;

    /// <summary>Applies <paramref name="change"/> to the operation while this process holds it, re-reading on conflict.</summary>
    public async Task<bool> UpdateWhileHeldAsync<T>(IRecordCollection<T> records, string key, string operationId, Func<T, T?> change, CancellationToken cancellationToken)
        where T : class, IOperationRecord<T>
    {
        while (await records.GetAsync(key, cancellationToken) is { } current && Holds(current, operationId))
        {
            var changed = change(current);
            var written = changed is null
                ? await records.TryDeleteAsync(key, current.Version, cancellationToken)
                : await records.TryReplaceAsync(changed, cancellationToken) is not null;
            if (written)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Renews the claim every third of its duration until disposed.</summary>
    public IAsyncDisposable KeepAlive<T>(IRecordCollection<T> records, string key, string operationId) where T : class, IOperationRecord<T>
    {
        var stop = new CancellationTokenSource();
        var renewing = RenewAsync(records, key, operationId, stop.Token);
        return new Renewal(stop, renewing);
    }

    private async Task RenewAsync<T>(IRecordCollection<T> records, string key, string operationId, CancellationToken stop) where T : class, IOperationRecord<T>
    {
        try
        {
            while (true)
            {
                await Task.Delay(Duration / 3, clock, stop);
                var renewed = await UpdateWhileHeldAsync(
                    records, key, operationId, r => r.WithLastOperation(r.LastOperation with { LeaseExpiresAt = clock.GetUtcNow() + Duration }), stop);
                if (!renewed)
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
