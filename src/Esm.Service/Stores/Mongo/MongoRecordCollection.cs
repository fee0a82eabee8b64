using Esm.Service.Model;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Esm.Service.Stores.Mongo;

/// <summary>
/// One MongoDB collection of records (see <see cref="MongoRecordDocuments"/> for their shape).
/// Every write is a single-document update whose filter holds the condition of the
/// compare-and-set, so the server decides it atomically and a stale write matches nothing; no
/// transaction is needed (the CI emulator has none). The one race a filter cannot settle, two
/// upserts of the same new key, is settled on real MongoDB by the unique key index and on the
/// emulator, which ignores uniqueness, by its running one command at a time.
/// </summary>
public sealed class MongoRecordCollection<T> : IRecordCollection<T> where T : class, IStoredRecord<T>
{
    private static readonly UpdateOptions Upsert = new() { IsUpsert = true };

    private readonly IMongoCollection<BsonDocument> _collection;
    private readonly MongoFieldIndexes _fieldIndexes;
    private readonly StoreDamage _damage;

    internal MongoRecordCollection(IMongoDatabase database, string name, StoreDamage damage)
    {
        _collection = database.GetCollection<BsonDocument>(name);
        _fieldIndexes = new MongoFieldIndexes(_collection);
        _damage = damage;
    }

    private string Name => _collection.CollectionNamespace.CollectionName;

    /// <summary>
    /// The indexes every collection needs from the start. On real MongoDB the unique one on
    /// <c>key</c> also settles two concurrent upserts of one key as one insert and one match (the
    /// server retries the loser as an update); the emulator ignores uniqueness but runs each command
    /// atomically. The indexes of the queryable fields follow with the first record that has them.
    /// </summary>
    internal void CreateIndexes() =>
        Call("creating the indexes of", () => _collection.Indexes.CreateMany([MongoRecordDocuments.KeyIndex, MongoRecordDocuments.SortKeyIndex]));

    public Task<T?> GetAsync(string key, CancellationToken cancellationToken) =>
        CallAsync("reading from", async () =>
        {
            var found = await _collection.Find(MongoRecordDocuments.KeyFilter(key)).Project(MongoRecordDocuments.KeyAndBody).Limit(1).FirstOrDefaultAsync(cancellationToken);
            return found is null ? null : _damage.Read(Name, key, () => MongoRecordDocuments.ReadRecord<T>(found));
        });

    public Task<T?> TryInsertAsync(T record, CancellationToken cancellationToken)
    {
        var stored = record.WithVersion(1);
        return CallAsync("inserting into", async () =>
        {
            await _fieldIndexes.EnsureForAsync(stored.IndexedFields.Keys, cancellationToken);
            try
            {
                // Matching an existing document leaves it untouched ($setOnInsert) and means the key is taken.
                var result = await _collection.UpdateOneAsync(MongoRecordDocuments.KeyFilter(stored.Key), MongoRecordDocuments.Insertion(stored), Upsert, cancellationToken);
                return result.UpsertedId is null ? null : stored;
            }
            catch (MongoWriteException e) when (e.WriteError?.Category == ServerErrorCategory.DuplicateKey)
            {
                // A server that does not retry a conflicting upsert reports the same outcome this way.
                return null;
            }
        });
    }

    public Task<T?> TryReplaceAsync(T record, CancellationToken cancellationToken)
    {
        var stored = record.WithVersion(record.Version + 1);
        return CallAsync("replacing in", async () =>
        {
            await _fieldIndexes.EnsureForAsync(stored.IndexedFields.Keys, cancellationToken);
            var result = await _collection.UpdateOneAsync(
                MongoRecordDocuments.VersionFilter(record.Key, record.Version), MongoRecordDocuments.Replacement(stored), cancellationToken: cancellationToken);
            return result.MatchedCount == 1 ? stored : null;
        });
    }

    public Task<bool> TryDeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken) =>
        CallAsync("deleting from", async () =>
            (await _collection.DeleteOneAsync(MongoRecordDocuments.VersionFilter(key, expectedVersion), cancellationToken)).DeletedCount == 1);

    /// <summary>
    /// Keyset paging: one more record than the page is read to learn whether another page follows;
    /// never <c>skip</c>, which is slow on large collections (and ignored by the emulator).
    /// </summary>
    public Task<RecordPage<T>> ListAsync(RecordQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        var filter = MongoRecordDocuments.PageFilter(query);
        return CallAsync("listing", async () =>
        {
            var documents = await _collection.Find(filter).Sort(MongoRecordDocuments.ListingOrder).Limit(query.Limit + 1)
                .Project(MongoRecordDocuments.KeyAndBody).ToListAsync(cancellationToken);

            // A record that cannot be read is left out of the page, which still continues after its key.
            var hasMore = documents.Count > query.Limit;
            var page = hasMore ? documents[..query.Limit] : documents;
            var records = page
                .Select(document => _damage.TryRead(Name, MongoRecordDocuments.KeyOf(document), () => MongoRecordDocuments.ReadRecord<T>(document)))
                .OfType<T>()
                .ToList();
            return new RecordPage<T>(records, hasMore ? MongoRecordDocuments.KeyOf(page[^1]) : null);
        });
    }

    /// <summary>A driver call whose failure names the operation and the collection (<see cref="MongoStoreException"/>).</summary>
    private async Task<TResult> CallAsync<TResult>(string operation, Func<Task<TResult>> call)
    {
        try
        {
            return await call();
        }
        catch (MongoException e) when (e is not MongoWriteException { WriteError.Category: ServerErrorCategory.DuplicateKey })
        {
            throw new MongoStoreException($"{operation} collection '{Name}'", e);
        }
        catch (TimeoutException e)
        {
            throw new MongoStoreException($"{operation} collection '{Name}'", e);
        }
    }

    private void Call(string operation, Action call)
    {
        try
        {
            call();
        }
        catch (Exception e) when (e is MongoException or TimeoutException)
        {
            throw new MongoStoreException($"{operation} collection '{Name}'", e);
        }
    }
}
