namespace Esm.Service.Stores.InMemory;

/// <summary>
/// One stored version of a record. A write makes a new entry, so an entry never changes: the
/// collection's compare-and-set and the index's snapshots rest on that.
/// </summary>
internal sealed class InMemoryEntry<T>(T record) where T : class, IStoredRecord<T>
{
    // Kept serialised so that no caller shares a mutable object (the records' JSON members) with the store.
    private readonly byte[] _json = StoreJson.Serialize(record);

    public string Key { get; } = record.Key;

    public long Version { get; } = record.Version;

    public IReadOnlyDictionary<string, string> Fields { get; } = record.IndexedFields;

    public bool Matches(IReadOnlyDictionary<string, string> where) =>
        where.All(condition => Fields.TryGetValue(condition.Key, out var value) && value == condition.Value);

    public T Read() => StoreJson.Deserialize<T>(_json);
}
