using Esm.Service.Model;

namespace Esm.Service.Stores.InMemory;

/// <summary>
/// One stored version of a record, kept as the JSON the durable stores write (<see cref="StoreJson"/>).
/// A write makes a new entry, so an entry never changes: the collection's compare-and-set and the
/// index's snapshots rest on that.
/// </summary>
/// <remarks>
/// Bytes rather than the record's object graph: a record with its JSON members is some 70 objects
/// and 2.2 KB on the heap, its JSON one array of about 1.3 KB. The collector then has next to
/// nothing to mark or copy in what the store keeps, which cost more than the deserialising of a
/// read does (docs/performance.md, seventh round). No caller can share anything with the store,
/// and a record reads back exactly as from a durable store.
/// </remarks>
internal sealed class InMemoryEntry<T>(T record) where T : class, IStoredRecord<T>
{
    private readonly byte[] _json = StoreJson.Serialize(record);

    public string Key { get; } = record.Key;

    public long Version { get; } = record.Version;

    /// <summary>The record's indexed fields as written.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; } = record.IndexedFields;

    public bool Matches(IReadOnlyDictionary<string, string> where) =>
        where.All(condition => Fields.TryGetValue(condition.Key, out var value) && value == condition.Value);

    public T Read() => StoreJson.Deserialize<T>(_json);
}
