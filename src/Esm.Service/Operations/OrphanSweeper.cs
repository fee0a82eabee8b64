using Esm.Service.Backends;
using Esm.Service.Model;
using Esm.Service.Stores;

namespace Esm.Service.Operations;

/// <summary>
/// Removes what backends left of instances the store no longer has (a delete that crashed between
/// the store and the engine), at start and then at each backend's sweep interval. It removes only
/// what it can prove is its own store's: resources labelled with this store's identity, so a
/// store that lost its data and began anew, or another broker's store, never has running
/// instances taken for orphans. And it claims the instance id first, the way an operation claims
/// its record, so that it never acts on an id a provision or another replica is working on.
/// </summary>
public sealed class OrphanSweeper(
    IStore store,
    IEnumerable<IOrphanedResources> sources,
    OperationLeases leases,
    TimeProvider clock,
    ILogger<OrphanSweeper> logger) : BackgroundService
{
    /// <summary>One sweep of one backend's resources; the number of instances whose resources it removed.</summary>
    public async Task<int> SweepAsync(IOrphanedResources source, CancellationToken cancellationToken)
    {
        if (!await source.IsReachableAsync(cancellationToken))
        {
            logger.LogDebug("Orphan sweep skipped: the backend is not reachable.");
            return 0;
        }

        var removed = 0;
        var otherStores = new List<string>();
        foreach (var labelled in await source.LabelledInstancesAsync(cancellationToken))
        {
            if (labelled.StoreIdentity != store.Identity)
            {
                otherStores.Add(labelled.Resource);
                continue;
            }

            if (await TryClaimAsync(labelled.InstanceId, cancellationToken) is not { } claim)
            {
                continue;
            }

            using var renewal = leases.KeepAlive(claim.Held);
            var outcome = "Removed what a backend left of a deleted instance.";
            try
            {
                await source.RemoveAsync(labelled, cancellationToken);
                logger.LogInformation("Orphan sweep: removed {Resource}; its instance {InstanceId} no longer exists.", labelled.Resource, labelled.InstanceId);
                removed++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                outcome = $"Removing what a backend left of a deleted instance failed: {e.Message}";
                logger.LogWarning(e, "Orphan sweep: removing {Resource} of instance {InstanceId} failed; the next sweep tries again.", labelled.Resource, labelled.InstanceId);
            }
            finally
            {
                await ReleaseAsync(claim, outcome);
            }
        }

        if (otherStores.Count > 0)
        {
            logger.LogWarning(
                "Orphan sweep: {Count} resources carry this broker's id but not its store's identity ({Resources}); they are left alone. Remove them by hand if no store has their instances.",
                otherStores.Count,
                string.Join(", ", otherStores.Distinct(StringComparer.Ordinal).Take(10)));
        }

        return removed;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(sources.Where(source => source.SweepInterval > TimeSpan.Zero).Select(source => SweepRegularlyAsync(source, stoppingToken)));

    private async Task SweepRegularlyAsync(IOrphanedResources source, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(source.SweepInterval, clock);
        try
        {
            do
            {
                try
                {
                    await SweepAsync(source, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Orphan sweep failed; the next one runs in {Seconds} s.", source.SweepInterval.TotalSeconds);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// The id held by this process: a record in progress under its claim, inserted where the store
    /// has none, or written over the tombstone of an instance deleted asynchronously. Null when the
    /// store has a live instance of the id, or someone else's operation runs on it.
    /// </summary>
    /// <exception cref="UnreadableRecordException">The store cannot say what it has: nothing is removed.</exception>
    private async Task<OrphanClaim?> TryClaimAsync(string instanceId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            var current = await store.Instances.GetAsync(instanceId, cancellationToken);
            if (current is { State: not InstanceState.Deleted } || (current?.LastOperation is { IsInProgress: true } running && !running.IsClaimable(now)))
            {
                return null;
            }

            var operation = leases.Claimed(Operation.Start(OperationKind.RemoveOrphan, async: true, now, requestedBy: null));
            var held = current is null
                ? await store.Instances.TryInsertAsync(ClaimRecord(instanceId, operation, now), cancellationToken)
                : await store.Instances.TryReplaceAsync(current.StartingOperation(operation, now), cancellationToken);
            if (held is not null)
            {
                return new OrphanClaim(leases.Hold(store.Instances, held), Inserted: current is null);
            }
        }
    }

    /// <summary>A record the sweep put in only to hold the id goes again; a tombstone stays, with the sweep in its history.</summary>
    private Task ReleaseAsync(OrphanClaim claim, string outcome) =>
        claim.Held.UpdateAsync(
            record => claim.Inserted ? null : record.WithLastOperation(record.LastOperation.Succeeded(outcome, clock.GetUtcNow())),
            CancellationToken.None);

    private static ServiceInstanceRecord ClaimRecord(string instanceId, Operation operation, DateTimeOffset now) => new()
    {
        InstanceId = instanceId,
        ServiceId = string.Empty,
        PlanId = string.Empty,
        State = InstanceState.Deleted,
        ProvisionFingerprint = string.Empty,
        LastOperation = operation,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private sealed record OrphanClaim(HeldOperation<ServiceInstanceRecord> Held, bool Inserted);
}
