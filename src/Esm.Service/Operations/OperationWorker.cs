using System.Threading.Channels;
using Esm.Service.Stores;

namespace Esm.Service.Operations;

/// <summary>
/// Runs accepted deferred operations in the background. At start it resumes every operation the
/// store holds as in progress: those accepted before a restart or a crash.
/// </summary>
public sealed class OperationWorker(IStore store, OperationRunner runner, ILogger<OperationWorker> logger)
    : BackgroundService, IOperationQueue
{
    private readonly Channel<OperationTicket> _queue = Channel.CreateUnbounded<OperationTicket>();

    public void Enqueue(OperationTicket ticket) => _queue.Writer.TryWrite(ticket);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ResumePendingAsync(stoppingToken);
        var running = new List<Task>();
        try
        {
            await foreach (var ticket in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                running.RemoveAll(t => t.IsCompleted);
                running.Add(RunGuardedAsync(ticket, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: running operations see the same token and stay resumable.
        }

        await Task.WhenAll(running);
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
            logger.LogError(e, "Operation {OperationId} could not be run; it stays in progress and is retried at the next start.", ticket.OperationId);
        }
    }

    private async Task ResumePendingAsync(CancellationToken stoppingToken)
    {
        var resumed = 0;
        await foreach (var instance in PendingAsync(store.Instances, stoppingToken))
        {
            Enqueue(new OperationTicket(instance.InstanceId, null, instance.LastOperation.Id));
            resumed++;
        }

        await foreach (var binding in PendingAsync(store.Bindings, stoppingToken))
        {
            Enqueue(new OperationTicket(binding.InstanceId, binding.BindingId, binding.LastOperation.Id));
            resumed++;
        }

        if (resumed > 0)
        {
            logger.LogInformation("Resuming {Count} operations that were in progress before the broker started.", resumed);
        }
    }

    private static async IAsyncEnumerable<T> PendingAsync<T>(IRecordCollection<T> records, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, IStoredRecord<T>
    {
        var query = RecordQuery.Matching(IndexedField.HasPendingOperation, "true");
        RecordPage<T> page;
        do
        {
            page = await records.ListAsync(query, cancellationToken);
            foreach (var record in page.Items)
            {
                yield return record;
            }

            query = query with { AfterKey = page.NextAfterKey };
        }
        while (page.NextAfterKey is not null);
    }
}
