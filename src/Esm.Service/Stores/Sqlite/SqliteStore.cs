using Esm.Service.Files;
using Esm.Service.Model;
using Microsoft.Data.Sqlite;

namespace Esm.Service.Stores.Sqlite;

/// <summary>
/// The durable store in one SQLite file (WAL). Several broker processes may share the file: every
/// write is a compare-and-set in an IMMEDIATE transaction and nothing is cached between calls.
/// </summary>
public sealed class SqliteStore : IStore, IDisposable, IAsyncDisposable
{
    private readonly SqliteConnections _connections;
    private readonly SqliteGroupCommitter _committer;
    private int _disposed;

    private SqliteStore(SqliteConnections connections, SqliteGroupCommitter committer)
    {
        _connections = connections;
        _committer = committer;
        Instances = new SqliteRecordCollection<ServiceInstanceRecord>("instances", connections, committer);
        Bindings = new SqliteRecordCollection<ServiceBindingRecord>("bindings", connections, committer);
        ServiceTypes = new SqliteRecordCollection<ServiceTypeRecord>("service_types", connections, committer);
        Manifests = new SqliteRecordCollection<ManifestRecord>("manifests", connections, committer);
    }

    public IRecordCollection<ServiceInstanceRecord> Instances { get; }

    public IRecordCollection<ServiceBindingRecord> Bindings { get; }

    public IRecordCollection<ServiceTypeRecord> ServiceTypes { get; }

    public IRecordCollection<ManifestRecord> Manifests { get; }

    /// <summary>Opens (creating the file and its folder if needed) and migrates the database at <paramref name="path"/>.</summary>
    public static SqliteStore Open(string path)
    {
        var fullPath = Path.GetFullPath(path);

        // The file holds binding credentials and compose secrets: created owner-only before SQLite
        // opens it (SQLite would create it 0644), so that the -wal and -shm SQLite makes beside it
        // take the same mode; files an earlier version created readable by all are restricted.
        OwnerOnlyFiles.CreateFolder(Path.GetDirectoryName(fullPath)!);
        OwnerOnlyFiles.CreateOrRestrict(fullPath);
        OwnerOnlyFiles.Restrict(fullPath + "-wal");
        OwnerOnlyFiles.Restrict(fullPath + "-shm");
        var connections = new SqliteConnections(fullPath);
        var writer = connections.OpenWriter();
        try
        {
            SqliteSchema.Migrate(writer);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        return new SqliteStore(connections, new SqliteGroupCommitter(writer));
    }

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var connection = _connections.OpenReader();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM schema_version";
            command.ExecuteScalar();
            return Task.FromResult(true);
        }
        catch (Exception exception) when (exception is SqliteException or ObjectDisposedException)
        {
            return Task.FromResult(false);
        }
    }

    /// <summary>Commits the writes already queued, then releases the file.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _committer.Dispose();
        _connections.Dispose();
    }

    /// <summary>As <see cref="Dispose"/>: the wait is for one batch in flight at most.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
