

namespace Esm.Service.Model;

/// <summary>A stored record with a current operation: an instance or a binding.</summary>
public interface IOperationRecord<T> : IStoredRecord<T> where T : IOperationRecord<T>
{
    Operation LastOperation { get; }

    T WithLastOperation(Operation operation);

    /// <summary>The record with its current operation's progress described anew.</summary>
    T WithProgress(string description);

    /// <summary>The operation with this id, if the record still knows it.</summary>
    Operation? FindOperation(string operationId);
}
