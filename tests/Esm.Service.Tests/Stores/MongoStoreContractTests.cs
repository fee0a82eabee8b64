using Esm.Service.Stores;
using Esm.Service.Tests.Stores.Mongo;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Esm.Service.Tests.Stores;

/// <summary>
/// The store contract on the MongoDB test server (the CongoDB emulator in CI), in a database of its
/// own per test so that tests and runs never see each other's records. Without a server it is
/// skipped locally and fails under CI=true.
/// </summary>
public sealed class MongoStoreContractTests : DurableStoreContractTests
{
    private string _databaseName = null!;

    protected override Task<IStore> CreateStoreAsync()
    {
        _databaseName = MongoTestDatabase.FreshName();
        return Task.FromResult<IStore>(MongoTestDatabase.Open(_databaseName));
    }

    protected override async Task DamageAsync(string collection, string key)
    {
        var documents = MongoTestServer.Database(_databaseName).GetCollection<BsonDocument>(collection);
        var result = await documents.UpdateOneAsync(Builders<BsonDocument>.Filter.Eq("key", key), Builders<BsonDocument>.Update.Set("body", "{\"instance_id\": "));
        Assert.That(result.MatchedCount, Is.EqualTo(1));
    }

    /// <summary>What a restarted broker does: a new connection to the same database.</summary>
    protected override Task<IStore> ReopenStoreAsync() => Task.FromResult<IStore>(MongoTestDatabase.Open(_databaseName));
}
