using System.Collections.Concurrent;

namespace Esm.Service.Operations;

/// <summary>
/// Lets a request stop an operation running in this process: a delete during a provision (or an
/// unbind during a bind) halts it, as the spec requires. Another replica's runner notices the
/// takeover at its next write instead, because its operation is no longer the record's current one.
/// </summary>
public sealed class OperationHalts
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    /// <summary>Registers a running operation; dispose the result when it ends.</summary>
    public Registration Register(string operationId, CancellationToken stopping)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running[operationId] = source;
        return new Registration(this, operationId, source);
    }

    public void Halt(string operationId)
    {
        if (_running.TryGetValue(operationId, out var source))
        {
            source.Cancel();
        }
    }

    public sealed class Registration(OperationHalts owner, string operationId, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            owner._running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(operationId, source));
            source.Dispose();
        }
    }
}
