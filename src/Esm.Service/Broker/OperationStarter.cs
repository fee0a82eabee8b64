using Esm.Service.Model;
using Esm.Service.Operations;
using Esm.Service.Stores;

namespace Esm.Service.Broker;

/// <summary>
/// Starts a stored operation the way its backend needs: a deferred one goes to the worker and the
/// Platform is answered 202; a blocking one runs within the request, and its failure becomes the
/// response (500 with the reason, and the usability flags where they apply).
/// </summary>
public sealed class OperationStarter(OperationRunner runner, IOperationQueue queue)
{
    public async Task<MutationResult<T>> StartAsync<T>(IRecordCollection<T> records, T stored, OperationTicket ticket, CancellationToken cancellationToken)
        where T : class, IOperationRecord<T>
    {
        var operation = stored.LastOperation;
        if (operation.Async)
        {
            queue.Enqueue(ticket);
            return new MutationResult<T>(Completion.Accepted, stored, operation.Id);
        }

        await runner.RunAsync(ticket, cancellationToken);
        var after = await records.GetAsync(stored.Key, CancellationToken.None);
        if (after?.FindOperation(operation.Id) is { State: OperationState.Failed } failed)
        {
            throw new BrokerException(BrokerFailure.BackendFailed, failed.Description ?? "The operation failed.")
            {
                InstanceUsable = failed.InstanceUsable,
                UpdateRepeatable = failed.UpdateRepeatable,
            };
        }

        return new MutationResult<T>(Completion.Created, after ?? stored);
    }
}
