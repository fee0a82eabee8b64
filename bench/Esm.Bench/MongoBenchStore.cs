using Esm.Service.Stores;
using Esm.Service.Stores.Mongo;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Esm.Bench;

/// <summary>
/// ESM_STORE=mongodb on a database of its own on the server of ESM_BENCH_MONGO_URI, emptied
/// afterwards: the server may be shared (the CI emulator), so nothing of the benchmark stays in it.
/// </summary>
internal sealed class MongoBenchStore : BenchStore
{
    // The collections MongoStore creates; the benchmark empties them when it is done.
    private static readonly string[] Collections = ["instances", "bindings", "service_types", "manifests", "meta"];

    private readonly string _uri;
    private readonly string _database;

    private MongoBenchStore(string uri, string database)
    {
        _uri = uri;
        _database = database;
    }

    public override StoreKind Kind => StoreKind.MongoDb;

    public override IReadOnlyDictionary<string, string> BrokerSettings => new Dictionary<string, string>
    {
        ["ESM_STORE"] = "mongodb",
        ["ESM_MONGO_URI"] = _uri,
        ["ESM_MONGO_DATABASE"] = _database,
    };

    /// <summary>A store on a fresh database, or null and why when no server answers at <paramref name="uri"/>.</summary>
    public static MongoBenchStore? TryCreate(string uri, out string reason)
    {
        var store = new MongoBenchStore(uri, $"esm_bench_{Guid.NewGuid():N}");
        try
        {
            store.OpenMongo().Dispose();
            reason = string.Empty;
            return store;
        }
        catch (Exception e) when (e is MongoStoreException or ArgumentException)
        {
            reason = $"skipped: no MongoDB at {uri} ({e.Message.Split('\n')[0]})";
            return null;
        }
    }

    public override string SizeOnDisk() => "n/a: the server's";

    public override void Dispose()
    {
        try
        {
            using var client = new MongoClient(_uri);
            var database = client.GetDatabase(_database);
            foreach (var collection in Collections)
            {
                database.GetCollection<BsonDocument>(collection).DeleteMany(FilterDefinition<BsonDocument>.Empty);
            }
        }
        catch (Exception e) when (e is MongoException or TimeoutException)
        {
            Console.Error.WriteLine($"Could not empty the benchmark's database {_database}: {e.Message.Split('\n')[0]}");
        }
    }

    protected override IStore Open() => OpenMongo();

    private MongoStore OpenMongo() => MongoStore.Open(_uri, _database);
}
