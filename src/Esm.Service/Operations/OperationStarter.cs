using Esm.Service.Backends;
using Esm.Service.Model;
using Esm.Service.Operations;
using Esm.Service.Stores;

namespace Esm.Service.Broker;

/// <summary>
/// Starts a stored operation the way its backend needs: a deferred one goes to the worker and the
/// Platform is answered 202; a blocking one runs within the request, and its failure becomes the
/// response (500 with the reason, and the usability flags where they apply).
/// </summary>
public sealed class OperationStarter(IStore store, OperationRunner runner, IOperationQueue queue, OperationLeases leases)
{
    /// <summary>
    /// A new operation, to be stored and then started here. A blocking one is claimed by this
    /// process in the very write that stores it, since it runs right away within the request.
    /// </summary>
    public Operation Begin(OperationKind kind, ExecutionMode mode, DateTimeOffset now, OriginatingIdentity? requestedBy, string requestFingerprint = "")
    {
        var operation = Operation.Start(kind, mode == ExecutionMode.Deferred, now, requestedBy, requestFingerprint);
        return operation.Async ? operation : leases.Claimed(operation);
    }

    public Task<MutationResult<ServiceInstanceRecord>> StartAsync(ServiceInstanceRecord stored, CancellationToken cancellationToken) =>
        StartAsync(
            store.Instances,
            stored,
            new OperationTicket(stored.InstanceId, null, stored.LastOperation.Id),
            () => runner.RunClaimedAsync(stored, cancellationToken));

    /// <param name="instance">The binding's instance as the caller has it; null to let the runner read it.</param>
    public Task<MutationResult<ServiceBindingRecord>> StartAsync(ServiceBindingRecord stored, ServiceInstanceRecord? instance, CancellationToken cancellationToken) =>
        StartAsync(
            store.Bindings,
            stored,
            new OperationTicket(stored.InstanceId, stored.BindingId, stored.LastOperation.Id),
            () => runner.RunClaimedAsync(stored, instance, cancellationToken));

    private async Task<MutationResult<T>> StartAsync<T>(IRecordCollection<T> records, T stored, OperationTicket ticket, Func<Task<HeldWrite<T>>> runBlocking)
        where T : class, IOperationRecord<T>
    {
        var operation = stored.LastOperation;
        if (operation.Async)
        {
            queue.Enqueue(ticket);
            return new MutationResult<T>(Completion.Accepted, stored, operation.Id);
        }

        // The runner answers with what it wrote; only when it wrote nothing (halted by a delete,
        // or stopped) does the store say how the operation ended.
        var finished = await runBlocking();
        var after = finished.Written ? finished.Record : await records.GetAsync(stored.Key, CancellationToken.None);
        if (after?.FindOperation(operation.Id) is { State: OperationState.Failed } failed)
        {
            throw new BrokerException(BrokerFailure.BackendFailed, failed.Description ?? "The operation failed.")
            {
                InstanceUsable = failed.InstanceUsable,
                UpdateRepeatable = failed.UpdateRepeatable,
            };
        }

        // Gone without a trace of how it ended: a concurrent delete (a deprovision of the instance)
        // took the record. A delete is then done; anything else did not happen.
        if (after is null && operation.Kind is not (OperationKind.Deprovision or OperationKind.Unbind))
        {
            throw new BrokerException(BrokerFailure.ConcurrencyError, $"The {operation.Kind.ToString().ToLowerInvariant()} was overtaken by a concurrent deprovision of the instance, which removed it.");
        }

        return new MutationResult<T>(Completion.Created, after ?? stored);
    }
}
