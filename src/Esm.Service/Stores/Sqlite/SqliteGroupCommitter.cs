using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Esm.Service.Stores.Sqlite;

/// <summary>
/// Group commit: every write of the store is queued to one thread that owns the writer connection
/// and applies whatever has queued up meanwhile in one IMMEDIATE transaction, so that concurrent
/// callers share one fsync. Each write is a compare-and-set evaluated inside that transaction and
/// gets its own outcome; a refused one does not affect the others.
/// </summary>
internal sealed class SqliteGroupCommitter : IDisposable
{
    /// <summary>Bounds how long the write lock is held, and so how long another process waits.</summary>
    private const int MaxBatchSize = 256;

    private readonly SqliteConnection _connection;
    private readonly SqliteWriteStatements _statements;
    private readonly BlockingCollection<SqliteQueuedWrite> _queue = new(new ConcurrentQueue<SqliteQueuedWrite>());
    private readonly Thread _thread;

    public SqliteGroupCommitter(SqliteConnection connection)
    {
        _connection = connection;
        _statements = new SqliteWriteStatements(connection);
        // A thread of its own: SQLite calls block, and a batch must not wait for a pool thread.
        _thread = new Thread(Run) { IsBackground = true, Name = "ESM SQLite group committer" };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="apply"/> in a committed transaction; true when it applied its write.</summary>
    public Task<bool> WriteAsync(Func<SqliteWriteStatements, bool> apply, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new SqliteQueuedWrite(apply, cancellationToken);
        try
        {
            _queue.Add(write, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(SqliteStore));
        }

        return write.Outcome;
    }

    /// <summary>Commits what is queued, then closes the writer connection.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _statements.Dispose();
        _connection.Dispose();
        _queue.Dispose();
    }

    private void Run()
    {
        var batch = new List<SqliteQueuedWrite>(MaxBatchSize);
        while (_queue.TryTake(out var first, Timeout.Infinite))
        {
            batch.Clear();
            batch.Add(first);
            while (batch.Count < MaxBatchSize && _queue.TryTake(out var next))
            {
                batch.Add(next);
            }

            batch.RemoveAll(write => write.CancelIfRequested());
            if (batch.Count > 0)
            {
                Commit(batch);
            }
        }
    }

    private void Commit(List<SqliteQueuedWrite> batch)
    {
        while (batch.Count > 0)
        {
            SqliteQueuedWrite? applying = null;
            try
            {
                // IMMEDIATE takes the write lock first, waiting (busy_timeout) for another
                // process's writer, so no statement of the batch can meet a lock it cannot wait for.
                using var transaction = _connection.BeginTransaction(deferred: false);
                _statements.Enlist(transaction);
                foreach (var write in batch)
                {
                    applying = write;
                    write.Apply(_statements);
                }

                applying = null;
                transaction.Commit();
                batch.ForEach(write => write.Publish());
                return;
            }
            catch (Exception exception) when (applying is not null)
            {
                // One write's own statement failed (a database error, not a refused
                // compare-and-set). The batch was rolled back: that write fails, the others run again.
                applying.Fail(exception);
                batch.Remove(applying);
            }
            catch (Exception exception)
            {
                // Beginning or committing failed, for a cause all the writes share.
                batch.ForEach(write => write.Fail(exception));
                return;
            }
        }
    }
}
