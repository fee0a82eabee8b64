using Esm.Service.Files;
using Esm.Service.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

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

    private SqliteStore(SqliteConnections connections, SqliteGroupCommitter committer, string identity, StoreDamage damage)
    {
        _connections = connections;
        _committer = committer;
        Identity = identity;
        Damage = damage;
        Instances = new SqliteRecordCollection<ServiceInstanceRecord>("instances", connections, committer, damage);
        Bindings = new SqliteRecordCollection<ServiceBindingRecord>("bindings", connections, committer, damage);
        ServiceTypes = new SqliteRecordCollection<ServiceTypeRecord>("service_types", connections, committer, damage);
        Manifests = new SqliteRecordCollection<PlanManifest>("manifests", connections, committer, damage);
    }

    public string Identity { get; }

    public StoreDamage Damage { get; }

    public IRecordCollection<ServiceInstanceRecord> Instances { get; }

    public IRecordCollection<ServiceBindingRecord> Bindings { get; }

    public IRecordCollection<ServiceTypeRecord> ServiceTypes { get; }

    public IRecordCollection<PlanManifest> Manifests { get; }

    /// <summary>Opens (creating the file and its folder if needed) and migrates the database at <paramref name="path"/>.</summary>
    /// <param name="logger">Where damaged records are reported; none in tests that do not look.</param>
    /// <exception cref="InvalidDataException">The file exists but is empty: a database that lost its data, not a new one.</exception>
    public static SqliteStore Open(string path, ILogger? logger = null)
    {
        var fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath) && new FileInfo(fullPath).Length == 0)
        {
            // SQLite would take it for a new, empty database: every instance the broker runs
            // would be forgotten as if it never existed.
            throw new InvalidDataException("the file exists but is empty (truncated?); restore it from a backup, or remove it to begin a new store");
        }

        // The file holds binding credentials and compose secrets: created owner-only before SQLite
        // opens it (SQLite would create it 0644), so that the -wal and -shm SQLite makes beside it
        // take the same mode; files an earlier version created readable by all are restricted.
        OwnerOnlyFiles.CreateFolder(Path.GetDirectoryName(fullPath)!);
        OwnerOnlyFiles.CreateOrRestrict(fullPath);
        OwnerOnlyFiles.Restrict(fullPath + "-wal");
        OwnerOnlyFiles.Restrict(fullPath + "-shm");
        var connections = new SqliteConnections(fullPath);
        var writer = connections.OpenWriter();
        string identity;
        try
        {
            SqliteSchema.Migrate(writer);
            identity = SqliteSchema.Identity(writer);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        return new SqliteStore(connections, new SqliteGroupCommitter(writer), identity, new StoreDamage(logger ?? NullLogger.Instance));
    }

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var reader = _connections.RentReader();
            using var command = reader.Connection.CreateCommand();
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
