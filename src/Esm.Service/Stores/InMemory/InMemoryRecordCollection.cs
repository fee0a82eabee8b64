using System.Collections.Concurrent;

namespace Esm.Service.Stores.InMemory;

/// <summary>
/// Records kept as serialised JSON, so no caller shares a mutable object with the store.
/// Compare-and-set is ConcurrentDictionary's TryUpdate on the entry object itself.
/// </summary>
public sealed class InMemoryRecordCollection<T> : IRecordCollection<T> where T : class, IStoredRecord<T>
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public Task<T?> GetAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryGetValue(key, out var entry) ? entry.Read() : null);

    public Task<T?> TryInsertAsync(T record, CancellationToken cancellationToken)
    {
        var stored = record.WithVersion(1);
        return Task.FromResult(_entries.TryAdd(record.Key, new Entry(stored)) ? stored : null);
    }

    public Task<T?> TryReplaceAsync(T record, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue(record.Key, out var current) || current.Version != record.Version)
        {
            return Task.FromResult<T?>(null);
        }

        var stored = record.WithVersion(record.Version + 1);
        return Task.FromResult(_entries.TryUpdate(record.Key, new Entry(stored), current) ? stored : null);
    }

    public Task<bool> TryDeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryGetValue(key, out var current)
            && current.Version == expectedVersion
            && _entries.TryRemove(new KeyValuePair<string, Entry>(key, current)));

    public Task<RecordPage<T>> ListAsync(RecordQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        var matching = _entries
            .Where(e => query.AfterKey is null || string.CompareOrdinal(e.Key, query.AfterKey) > 0)
            .Where(e => query.Where.All(condition => e.Value.Fields.TryGetValue(condition.Key, out var value) && value == condition.Value))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Take(query.Limit + 1)
            .Select(e => e.Value.Read())
            .ToList();
        var hasMore = matching.Count > query.Limit;
        var page = hasMore ? matching[..query.Limit] : matching;
        return Task.FromResult(new RecordPage<T>(page, hasMore ? page[^1].Key : null));
    }

    /// <summary>One stored version of a record; a new object per write, which is what TryUpdate compares.</summary>
    private sealed class Entry(T record)
    {
        private readonly byte[] _json = StoreJson.Serialize(record);

        public long Version { get; } = record.Version;

        public IReadOnlyDictionary<string, string> Fields { get; } = record.IndexedFields;

        public T Read() => StoreJson.Deserialize<T>(_json);
    }
}
