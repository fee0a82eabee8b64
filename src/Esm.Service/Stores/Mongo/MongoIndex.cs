using Esm.Service.Stores.Mongo.Native;

namespace Esm.Service.Stores.Mongo;

/// <summary>An index the store creates; creating one that exists with the same definition changes nothing.</summary>
internal sealed record MongoIndex(string Name, string KeysJson, bool Unique)
{
    public void CreateIn(MongoCollection collection) => collection.CreateIndex(Name, KeysJson, Unique);
}
