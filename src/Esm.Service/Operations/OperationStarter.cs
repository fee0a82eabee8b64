using Esm.Service.Backends;
using Esm.Service.Failures;
using Esm.Service.Model;
using Esm.Service.Stores;

namespace Esm.Service.Operations;

/// <summary>
/// Starts a stored operation the way its backend needs: a deferred one goes to the worker and the
/// Platform is answered 202; a blocking one runs within the request, and its failure becomes the
/// response (500 with the reason, and the usability flags where they apply).
/// </summary>
public sealed class OperationStarter(OperationRunner runner, OperationWorker worker, OperationLeases leases)
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
            stored,
            new OperationTicket(stored.InstanceId, null, stored.LastOperation.Id),
            () => runner.RunClaimedAsync(stored, cancellationToken));

    /// <param name="instance">The binding's instance as the caller has it; null to let the runner read it.</param>
    public Task<MutationResult<ServiceBindingRecord>> StartAsync(ServiceBindingRecord stored, ServiceInstanceRecord? instance, CancellationToken cancellationToken) =>
        StartAsync(
            stored,
            new OperationTicket(stored.InstanceId, stored.BindingId, stored.LastOperation.Id),
            () => runner.RunClaimedAsync(stored, instance, cancellationToken));

    private async Task<MutationResult<T>> StartAsync<T>(T stored, OperationTicket ticket, Func<Task<HeldWrite<T>>> runBlocking)
        where T : class, IOperationRecord<T>
    {
        var operation = stored.LastOperation;
        if (operation.Async)
        {
            worker.Enqueue(ticket);
            return new MutationResult<T>(Completion.Accepted, stored, operation.Id);
        }

        var after = (await runBlocking()).Record;
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

/// <summary>How a mutation ended for the Platform: done now (201/200), done before (200), or accepted (202).</summary>
public enum Completion
{
    Created,
    AlreadyDone,
    Accepted,
}

/// <summary>The broker's answer to a mutation: how it completed and the record as it stands.</summary>
public sealed record MutationResult<T>(Completion Completion, T Record, string? OperationId = null);
