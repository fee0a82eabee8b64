using System.Collections.Concurrent;
using System.Threading.Channels;
using Esm.Service.Model;
using Esm.Service.Stores;

namespace Esm.Service.Operations;

/// <summary>
/// Runs accepted deferred operations in the background. It also sweeps the store, at start and
/// then regularly, for operations in progress that nobody runs: those accepted before a restart
/// or a crash, here or on another replica whose claim has lapsed.
/// </summary>
public sealed class OperationWorker(IStore store, OperationRunner runner, OperationLeases leases, TimeProvider clock, ILogger<OperationWorker> logger)
    : BackgroundService
{
    private readonly Channel<OperationTicket> _queue = Channel.CreateUnbounded<OperationTicket>();
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    /// <summary>Half the claim's duration: a crashed replica's work is taken over within 1.5 claims.</summary>
    private TimeSpan SweepInterval => leases.Duration / 2;

    /// <summary>Hands an accepted deferred operation to the worker.</summary>
    public void Enqueue(OperationTicket ticket) => _queue.Writer.TryWrite(ticket);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sweeping = SweepAsync(stoppingToken);
        var running = new List<Task>();
        try
        {
            await foreach (var ticket in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                running.RemoveAll(t => t.IsCompleted);
                if (_running.TryAdd(ticket.OperationId, 0))
                {
                    running.Add(RunGuardedAsync(ticket, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: running operations see the same token and stay resumable.
        }

        await Task.WhenAll([.. running, sweeping]);
    }

    private async Task RunGuardedAsync(OperationTicket ticket, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await runner.RunAsync(ticket, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Operation {OperationId} could not be run; it stays in progress and is retried when its claim lapses.", ticket.OperationId);
        }
        finally
        {
            _running.TryRemove(ticket.OperationId, out _);
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var found = await EnqueueUnclaimedAsync(stoppingToken);
                    if (found > 0)
                    {
                        logger.LogInformation("Resuming {Count} operations in progress that no broker runs.", found);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Looking for operations to resume failed; trying again in {Interval}.", SweepInterval);
                }

                await Task.Delay(SweepInterval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<int> EnqueueUnclaimedAsync(CancellationToken stoppingToken)
    {
        var found = 0;
        var now = clock.GetUtcNow();
        await foreach (var instance in PendingAsync(store.Instances, stoppingToken))
        {
            // An orphan sweep that stopped midway is taken up by the next sweep, which finds the resources again.
            if (instance.LastOperation.Kind != OperationKind.RemoveOrphan && instance.LastOperation.IsClaimable(now) && !_running.ContainsKey(instance.LastOperation.Id))
            {
                Enqueue(new OperationTicket(instance.InstanceId, null, instance.LastOperation.Id));
                found++;
            }
        }

        await foreach (var binding in PendingAsync(store.Bindings, stoppingToken))
        {
            if (binding.LastOperation.IsClaimable(now) && !_running.ContainsKey(binding.LastOperation.Id))
            {
                Enqueue(new OperationTicket(binding.InstanceId, binding.BindingId, binding.LastOperation.Id));
                found++;
            }
        }

        return found;
    }

    private static IAsyncEnumerable<T> PendingAsync<T>(IRecordCollection<T> records, CancellationToken cancellationToken)
        where T : class, IOperationRecord<T> =>
        records.EnumerateAsync(RecordQuery.Matching(IndexedField.HasPendingOperation, "true"), cancellationToken);
}

/// <summary>Which operation to run: of an instance, or of one of its bindings.</summary>
public sealed record OperationTicket(string InstanceId, string? BindingId, string OperationId);
