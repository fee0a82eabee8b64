namespace Esm.Service.Operations;

/// <summary>Hands accepted deferred operations to the worker that runs them.</summary>
public interface IOperationQueue
{
    void Enqueue(OperationTicket ticket);
}
