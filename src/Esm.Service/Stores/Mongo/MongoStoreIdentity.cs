using MongoDB.Bson;
using MongoDB.Driver;

namespace Esm.Service.Stores.Mongo;

/// <summary>
/// The store's identity (see <see cref="IStore.Identity"/>) in a document of the <c>meta</c>
/// collection, written by whichever broker first opens the database: an upsert that sets it only
/// on insert, so concurrent first starts agree on one.
/// </summary>
internal static class MongoStoreIdentity
{
    private static readonly FilterDefinition<BsonDocument> Filter = Builders<BsonDocument>.Filter.Eq("kind", "identity");

    public static string Of(IMongoDatabase database)
    {
        var meta = database.GetCollection<BsonDocument>("meta");
        meta.UpdateOne(Filter, Builders<BsonDocument>.Update.SetOnInsert("identity", Guid.NewGuid().ToString("N")), new UpdateOptions { IsUpsert = true });
        var document = meta.Find(Filter).FirstOrDefault() ?? throw new InvalidDataException("The meta collection lost the store's identity.");
        return document.TryGetValue("identity", out var identity) && identity.IsString
            ? identity.AsString
            : throw new InvalidDataException("The store's identity is not a string.");
    }
}
