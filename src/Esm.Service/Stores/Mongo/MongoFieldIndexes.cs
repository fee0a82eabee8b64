using System.Collections.Concurrent;
using Esm.Service.Model;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Esm.Service.Stores.Mongo;

/// <summary>
/// Creates the <c>{fields.name: 1, sort_key: 1}</c> index of each indexed field a collection's records
/// carry, before the first write of such a record. The names come from the records themselves
/// (<see cref="IStoredRecord{T}.IndexedFields"/>), so a field added to a record type is indexed
/// without a list here to keep in step; and since no record holds a field before its index exists,
/// every field a query can match on is indexed. createIndexes is idempotent, so a race between two
/// writers (or two brokers) costs one redundant command.
/// </summary>
internal sealed class MongoFieldIndexes(IMongoCollection<BsonDocument> collection)
{
    private readonly ConcurrentDictionary<string, bool> _created = new(StringComparer.Ordinal);

    public async Task EnsureForAsync(IEnumerable<string> fields, CancellationToken cancellationToken)
    {
        foreach (var field in fields)
        {
            if (_created.ContainsKey(field))
            {
                continue;
            }

            await collection.Indexes.CreateOneAsync(MongoRecordDocuments.FieldIndex(field), cancellationToken: cancellationToken);
            _created.TryAdd(field, true);
        }
    }
}
