using System.Text.Json;
using Esm.Service.Stores.Mongo.Native;

namespace Esm.Service.Stores.Mongo;

/// <summary>
/// The store's identity (see <see cref="IStore.Identity"/>) in a document of the <c>meta</c>
/// collection, written by whichever broker first opens the database: an upsert that sets it only
/// on insert, so concurrent first starts agree on one.
/// </summary>
internal static class MongoStoreIdentity
{
    private const string Filter = """{"kind": "identity"}""";

    public static string Of(MongoConnection connection)
    {
        var meta = connection.GetCollection("meta");
        meta.UpdateOne(Filter, $$$"""{"$setOnInsert": {"identity": "{{{Guid.NewGuid():N}}}"}}""", upsert: true);
        using var document = JsonDocument.Parse(meta.FindOne(Filter) ?? throw new InvalidDataException("The meta collection lost the store's identity."));
        return document.RootElement.GetProperty("identity").GetString() ?? throw new InvalidDataException("The store's identity is not a string.");
    }
}
