namespace Esm.Service.Stores.Sqlite;

/// <summary>
/// A caller's write waiting for the group committer. Its outcome is staged while the batch runs and
/// published only once the batch has committed, so no caller hears of a write that could be lost.
/// </summary>
internal sealed class SqliteQueuedWrite(Func<SqliteWriteStatements, bool> apply, CancellationToken cancellationToken)
{
    // Asynchronous continuations: the committer thread must not run callers' code.
    private readonly TaskCompletionSource<bool> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _staged;

    /// <summary>Whether the write was applied (false: the compare-and-set refused it).</summary>
    public Task<bool> Outcome => _completion.Task;

    /// <summary>Drops the write before it runs if its caller gave up; once in a batch it is not cancelled.</summary>
    public bool CancelIfRequested() => cancellationToken.IsCancellationRequested && _completion.TrySetCanceled(cancellationToken);

    public void Apply(SqliteWriteStatements statements) => _staged = apply(statements);

    public void Publish() => _completion.TrySetResult(_staged);

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
