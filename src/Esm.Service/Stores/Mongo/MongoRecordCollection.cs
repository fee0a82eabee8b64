using Esm.Service.Stores.Mongo.Native;

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
    // The server's DuplicateKey error code.
    private const int DuplicateKeyCode = 11000;

    private readonly MongoCollection _collection;
    private readonly MongoFieldIndexes _fieldIndexes;
    private readonly StoreDamage _damage;

    internal MongoRecordCollection(MongoConnection connection, string name, StoreDamage damage)
    {
        _collection = connection.GetCollection(name);
        _fieldIndexes = new MongoFieldIndexes(_collection);
        _damage = damage;
    }

    /// <summary>
    /// The indexes every collection needs from the start. On real MongoDB the unique one on
    /// <c>key</c> also settles two concurrent upserts of one key as one insert and one match (the
    /// server retries the loser as an update); the emulator ignores uniqueness but runs each command
    /// atomically. The indexes of the queryable fields follow with the first record that has them.
    /// </summary>
    internal void CreateIndexes() =>
        MongoDriverCall.Run(Describe("creating the indexes of"), () =>
        {
            MongoRecordDocuments.KeyIndex.CreateIn(_collection);
            MongoRecordDocuments.SortKeyIndex.CreateIn(_collection);
        });

    public Task<T?> GetAsync(string key, CancellationToken cancellationToken) =>
        MongoDriverCall.RunAsync(Describe("reading from"), () =>
        {
            var found = _collection.Find(MongoRecordDocuments.KeyFilter(key), limit: 1, projectionJson: MongoRecordDocuments.KeyAndBody);
            return found.Count == 0 ? null : _damage.Read(_collection.Name, key, () => MongoRecordDocuments.ReadRecord<T>(found[0]));
        }, cancellationToken);

    public Task<T?> TryInsertAsync(T record, CancellationToken cancellationToken)
    {
        var stored = record.WithVersion(1);
        return MongoDriverCall.RunAsync(Describe("inserting into"), () =>
        {
            _fieldIndexes.EnsureFor(stored.IndexedFields.Keys);
            try
            {
                // Matching an existing document leaves it untouched ($setOnInsert) and means the key is taken.
                var result = _collection.UpdateOne(
                    MongoRecordDocuments.KeyFilter(stored.Key), MongoRecordDocuments.Insertion(stored), upsert: true);
                return result.UpsertedCount == 1 ? stored : null;
            }
            catch (MongoException e) when (e.Domain == MongoException.ServerDomain && e.Code == DuplicateKeyCode)
            {
                // A server that does not retry a conflicting upsert reports the same outcome this way.
                return null;
            }
        }, cancellationToken);
    }

    public Task<T?> TryReplaceAsync(T record, CancellationToken cancellationToken)
    {
        var stored = record.WithVersion(record.Version + 1);
        return MongoDriverCall.RunAsync(Describe("replacing in"), () =>
        {
            _fieldIndexes.EnsureFor(stored.IndexedFields.Keys);
            var result = _collection.UpdateOne(
                MongoRecordDocuments.VersionFilter(record.Key, record.Version), MongoRecordDocuments.Replacement(stored));
            return result.MatchedCount == 1 ? stored : null;
        }, cancellationToken);
    }

    public Task<bool> TryDeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken) =>
        MongoDriverCall.RunAsync(
            Describe("deleting from"),
            () => _collection.DeleteOne(MongoRecordDocuments.VersionFilter(key, expectedVersion)) == 1,
            cancellationToken);

    /// <summary>
    /// Keyset paging: one more record than the page is read to learn whether another page follows;
    /// never <c>skip</c>, which is slow on large collections (and ignored by the emulator).
    /// </summary>
    public Task<RecordPage<T>> ListAsync(RecordQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        return MongoDriverCall.RunAsync(Describe("listing"), () =>
        {
            // A record that cannot be read is left out of the page, which still continues after its key.
            var documents = _collection.Find(MongoRecordDocuments.PageFilter(query), MongoRecordDocuments.ListingOrder, query.Limit + 1, MongoRecordDocuments.KeyAndBody);
            var hasMore = documents.Count > query.Limit;
            var page = hasMore ? documents.Take(query.Limit).ToList() : documents;
            var records = page
                .Select(document => _damage.TryRead(_collection.Name, MongoRecordDocuments.KeyOf(document), () => MongoRecordDocuments.ReadRecord<T>(document)))
                .OfType<T>()
                .ToList();
            return new RecordPage<T>(records, hasMore ? MongoRecordDocuments.KeyOf(page[^1]) : null);
        }, cancellationToken);
    }

    private string Describe(string operation) => $"{operation} collection '{_collection.Name}'";
}
