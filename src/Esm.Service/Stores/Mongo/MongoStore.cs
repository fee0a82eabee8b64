using Esm.Service.Model;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;

namespace Esm.Service.Stores.Mongo;

/// <summary>
/// A store in a MongoDB database, one collection per record type, through the official driver.
/// Several brokers may share the database: every write is a compare-and-set decided by the server.
/// Thread-safe; dispose it once no operation is running.
/// </summary>
public sealed class MongoStore : IStore, IDisposable
{
    public const string DefaultDatabaseName = "esm";

    /// <summary>
    /// How long a call waits for a server when the connection string does not say: the driver's own
    /// default (30 s) would hold a start, or a readiness probe, long after a person has seen enough.
    /// </summary>
    public static readonly TimeSpan DefaultServerSelectionTimeout = TimeSpan.FromSeconds(5);

    private static readonly BsonDocument Ping = new("ping", 1);

    private readonly MongoClient _client;
    private readonly IMongoDatabase _database;
    private readonly MongoRecordCollection<ServiceInstanceRecord> _instances;
    private readonly MongoRecordCollection<ServiceBindingRecord> _bindings;
    private readonly MongoRecordCollection<ServiceTypeRecord> _serviceTypes;
    private readonly MongoRecordCollection<PlanManifest> _manifests;

    private MongoStore(MongoClient client, IMongoDatabase database, string identity, StoreDamage damage)
    {
        _client = client;
        _database = database;
        Identity = identity;
        Damage = damage;
        _instances = new(database, "instances", damage);
        _bindings = new(database, "bindings", damage);
        _serviceTypes = new(database, "service_types", damage);
        _manifests = new(database, "manifests", damage);
    }

    public IRecordCollection<ServiceInstanceRecord> Instances => _instances;

    public IRecordCollection<ServiceBindingRecord> Bindings => _bindings;

    public IRecordCollection<ServiceTypeRecord> ServiceTypes => _serviceTypes;

    public IRecordCollection<PlanManifest> Manifests => _manifests;

    public string Identity { get; }

    public StoreDamage Damage { get; }

    /// <summary>
    /// Connects, checks that the server answers, reads (or records) the store's identity and
    /// creates the indexes (those of the queryable fields follow with the first record that has
    /// them: see <see cref="MongoFieldIndexes"/>).
    /// </summary>
    /// <param name="connectionUri">A <c>mongodb://</c> or <c>mongodb+srv://</c> URI; every option in it (TLS, replica set, credentials and authSource, timeouts, pool size) reaches the driver as it is.</param>
    /// <param name="databaseName">The database; tests pass a fresh one per fixture.</param>
    /// <param name="loggers">Where the driver's own log lines (server monitoring, connections, commands) and damaged records are reported.</param>
    /// <exception cref="ArgumentException">The URI is not a valid MongoDB connection string.</exception>
    /// <exception cref="MongoStoreException">The server did not answer or refused to create an index.</exception>
    public static MongoStore Open(string connectionUri, string databaseName = DefaultDatabaseName, ILoggerFactory? loggers = null)
    {
        var settings = ClientSettings(connectionUri);
        if (loggers is not null)
        {
            settings.LoggingSettings = new LoggingSettings(loggers);
        }

        var client = new MongoClient(settings);
        try
        {
            var database = client.GetDatabase(databaseName);
            Call($"pinging database '{databaseName}'", () => database.RunCommand<BsonDocument>(Ping));
            var identity = Call($"reading the identity of database '{databaseName}'", () => MongoStoreIdentity.Of(database));
            var store = new MongoStore(client, database, identity, new StoreDamage(loggers?.CreateLogger("Esm.Service.Stores") ?? NullLogger.Instance));
            store._instances.CreateIndexes();
            store._bindings.CreateIndexes();
            store._serviceTypes.CreateIndexes();
            store._manifests.CreateIndexes();
            return store;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Pings the server; false, not an exception, when none answers within the server-selection timeout.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _database.RunCommandAsync<BsonDocument>(Ping, cancellationToken: cancellationToken);
            return true;
        }
        catch (Exception e) when (e is MongoException or TimeoutException)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The connection string's settings as they are, with a short server-selection timeout where it names none.</summary>
    /// <exception cref="ArgumentException">Not a connection string the driver can read.</exception>
    internal static MongoClientSettings ClientSettings(string connectionUri)
    {
        MongoUrl url;
        try
        {
            url = MongoUrl.Create(connectionUri);
        }
        catch (Exception e) when (e is MongoConfigurationException or ArgumentException or FormatException)
        {
            throw new ArgumentException($"not a MongoDB connection string: {e.Message}", nameof(connectionUri), e);
        }

        var settings = MongoClientSettings.FromUrl(url);
        if (!NamesOption(connectionUri, "serverSelectionTimeoutMS"))
        {
            settings.ServerSelectionTimeout = DefaultServerSelectionTimeout;
        }

        return settings;
    }

    private static bool NamesOption(string connectionUri, string option) =>
        connectionUri.Contains('?', StringComparison.Ordinal)
        && connectionUri[(connectionUri.IndexOf('?', StringComparison.Ordinal) + 1)..]
            .Split('&', ';')
            .Any(pair => pair.Split('=', 2)[0].Equals(option, StringComparison.OrdinalIgnoreCase));

    private static T Call<T>(string operation, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is MongoException or TimeoutException)
        {
            throw new MongoStoreException(operation, e);
        }
    }
}
