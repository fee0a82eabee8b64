using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Esm.Service.Stores.Sqlite;

/// <summary>
/// The connections to one database file: a single writer (the group committer's) and pooled
/// readers. WAL lets readers run beside the writer, in this process and in others.
/// </summary>
/// <remarks>
/// The readers are pooled here rather than by Microsoft.Data.Sqlite, so that each keeps its
/// compiled statements between the requests it serves (<see cref="SqliteReader"/>).
/// </remarks>
internal sealed class SqliteConnections : IDisposable
{
    /// <summary>How long a write waits for another process's write transaction to finish.</summary>
    private const int BusyTimeoutMilliseconds = 5000;

    private const int CheckpointPages = 10000;

    /// <summary>Idle readers kept open; a burst of more concurrent reads closes the extra ones after use.</summary>
    private const int IdleReaders = 32;

    private readonly string _writerConnectionString;
    private readonly string _readerConnectionString;
    private readonly ConcurrentQueue<SqliteReader> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    public SqliteConnections(string path)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
        };
        _writerConnectionString = builder.ToString();
        // A reader never creates the file: one that vanished is an error, not a new empty store.
        builder.Mode = SqliteOpenMode.ReadWrite;
        _readerConnectionString = builder.ToString();
    }

    public SqliteConnection OpenWriter()
    {
        var connection = new SqliteConnection(_writerConnectionString);
        try
        {
            connection.Open();
            // journal_mode is a property of the file, the others of this connection.
            // synchronous=FULL: in WAL mode NORMAL survives a process crash but may lose the last
            // commits on power loss, and a broker must not forget what it answered; group commit
            // pays the fsync once per batch, not per write.
            // busy_timeout: SQLite's own wait (short sleeps) when another process holds the write
            // lock, instead of Microsoft.Data.Sqlite's coarse retry.
            // wal_autocheckpoint: a checkpoint copies each page changed since the last one once, and
            // inserts of random keys change index pages all over the file, so checkpointing every
            // 10000 pages (WAL up to ~40 MB) instead of 1000 lets far more changes share a copy; it
            // cut the CPU time of 100,000 inserts by about a sixth here.
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                PRAGMA busy_timeout = {BusyTimeoutMilliseconds};
                PRAGMA wal_autocheckpoint = {CheckpointPages};
                """;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A reader from the pool; dispose it to return it. Readers hold no state of their own between
    /// statements (SQLite checks its page cache against the WAL at every read), so nothing goes
    /// stale when another process writes.
    /// </summary>
    public SqliteReader RentReader()
    {
        ObjectDisposedException.ThrowIf(_disposed, typeof(SqliteStore));
        if (_idle.TryDequeue(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            return idle;
        }

        var connection = new SqliteConnection(_readerConnectionString);
        try
        {
            connection.Open();
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new SqliteReader(this, connection);
    }

    internal void Return(SqliteReader reader)
    {
        if (_disposed)
        {
            reader.Close();
            return;
        }

        if (Interlocked.Increment(ref _idleCount) > IdleReaders)
        {
            Interlocked.Decrement(ref _idleCount);
            reader.Close();
            return;
        }

        _idle.Enqueue(reader);

        // Returned while Dispose emptied the pool: close what it may have missed.
        if (_disposed)
        {
            CloseIdle();
        }
    }

    /// <summary>Closes the idle readers so that the file is released; readers in use close when returned.</summary>
    public void Dispose()
    {
        _disposed = true;
        CloseIdle();
    }

    private void CloseIdle()
    {
        while (_idle.TryDequeue(out var reader))
        {
            reader.Close();
        }
    }
}
