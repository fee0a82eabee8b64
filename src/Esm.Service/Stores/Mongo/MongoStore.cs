using Esm.Service.Model;
using Esm.Service.Stores.Mongo.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace Esm.Service.Stores.Mongo;

/// <summary>
/// A store in a MongoDB database, one collection per record type. Several brokers may share the
/// database: every write is a compare-and-set decided by the server. Thread-safe; dispose it once
/// no operation is running.
/// </summary>
public sealed class MongoStore : IStore, IDisposable
{
    public const string DefaultDatabaseName = "esm";

    private readonly MongoConnection _connection;
    private readonly MongoRecordCollection<ServiceInstanceRecord> _instances;
    private readonly MongoRecordCollection<ServiceBindingRecord> _bindings;
    private readonly MongoRecordCollection<ServiceTypeRecord> _serviceTypes;
    private readonly MongoRecordCollection<ManifestRecord> _manifests;

    internal MongoStore(MongoConnection connection, string identity, StoreDamage damage)
    {
        _connection = connection;
        Identity = identity;
        Damage = damage;
        _instances = new(connection, "instances", damage);
        _bindings = new(connection, "bindings", damage);
        _serviceTypes = new(connection, "service_types", damage);
        _manifests = new(connection, "manifests", damage);
    }

    public string Identity { get; }

    public StoreDamage Damage { get; }

    public IRecordCollection<ServiceInstanceRecord> Instances => _instances;

    public IRecordCollection<ServiceBindingRecord> Bindings => _bindings;

    public IRecordCollection<ServiceTypeRecord> ServiceTypes => _serviceTypes;

    public IRecordCollection<ManifestRecord> Manifests => _manifests;

    /// <summary>
    /// Connects, checks that the server answers and creates the indexes (those of the queryable
    /// fields follow with the first record that has them: see <see cref="MongoFieldIndexes"/>).
    /// </summary>
    /// <param name="connectionUri">A <c>mongodb://</c> URI; its options (timeouts, pool size, credentials) apply.</param>
    /// <param name="databaseName">The database; tests pass a fresh one per fixture.</param>
    /// <exception cref="ArgumentException">The URI is not a valid MongoDB connection string.</exception>
    /// <exception cref="MongoStoreException">The server did not answer or refused to create an index.</exception>
    /// <param name="logger">Where damaged records are reported; none in tests that do not look.</param>
    public static MongoStore Open(string connectionUri, string databaseName = DefaultDatabaseName, ILogger? logger = null)
    {
        var connection = new MongoConnection(connectionUri, databaseName);
        try
        {
            MongoDriverCall.Run($"pinging database '{databaseName}'", connection.Ping);
            var identity = MongoDriverCall.Run($"reading the identity of database '{databaseName}'", () => MongoStoreIdentity.Of(connection));
            var store = new MongoStore(connection, identity, new StoreDamage(logger ?? NullLogger.Instance));
            store._instances.CreateIndexes();
            store._bindings.CreateIndexes();
            store._serviceTypes.CreateIndexes();
            store._manifests.CreateIndexes();
            return store;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Pings the server; false, not an exception, when none answers within the server-selection timeout.</summary>
    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) =>
        // On the pool for the same reason as every other call: see MongoDriverCall.RunAsync.
        Task.Run(() =>
        {
            try
            {
                _connection.Ping();
                return true;
            }
            catch (MongoException)
            {
                return false;
            }
        }, cancellationToken);

    public void Dispose() => _connection.Dispose();
}
