using System.Collections.Concurrent;
using Esm.Service.Model;

namespace Esm.Service.Stores.InMemory;

/// <summary>
/// Records in process memory with an index per queried field. Every write is one compare-and-set
/// on the record's own slot, so writers of different records never wait for each other; the
/// index catches up with the writes before a page is read (see <see cref="InMemoryRecordIndex{T}"/>).
/// </summary>
public sealed class InMemoryRecordCollection<T> : IRecordCollection<T> where T : class, IStoredRecord<T>
{
    private readonly ConcurrentDictionary<string, InMemoryEntry<T>> _entries = new(StringComparer.Ordinal);
    private readonly InMemoryRecordIndex<T> _index;

    public InMemoryRecordCollection()
    {
        _index = new InMemoryRecordIndex<T>(key => _entries.GetValueOrDefault(key));
    }

    public Task<T?> GetAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryGetValue(key, out var entry) ? entry.Read() : null);

    public Task<T?> TryInsertAsync(T record, CancellationToken cancellationToken)
    {
        var stored = record.WithVersion(1);
        var entry = new InMemoryEntry<T>(stored);
        if (!_entries.TryAdd(entry.Key, entry))
        {
            return Task.FromResult<T?>(null);
        }

        _index.Changed(entry.Key);
        return Task.FromResult<T?>(stored);
    }

    public Task<T?> TryReplaceAsync(T record, CancellationToken cancellationToken)
    {
        // Entries are compared by reference: a slot changes only if it still holds the entry whose
        // version was checked, even if the record was deleted and inserted again meanwhile.
        if (!_entries.TryGetValue(record.Key, out var current) || current.Version != record.Version)
        {
            return Task.FromResult<T?>(null);
        }

        var stored = record.WithVersion(record.Version + 1);
        if (!_entries.TryUpdate(record.Key, new InMemoryEntry<T>(stored), current))
        {
            return Task.FromResult<T?>(null);
        }

        _index.Changed(record.Key);
        return Task.FromResult<T?>(stored);
    }

    public Task<bool> TryDeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue(key, out var current) || current.Version != expectedVersion || !_entries.TryRemove(KeyValuePair.Create(key, current)))
        {
            return Task.FromResult(false);
        }

        _index.Changed(key);
        return Task.FromResult(true);
    }

    public Task<RecordPage<T>> ListAsync(RecordQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        var matching = _index.Page(query);
        var hasMore = matching.Count > query.Limit;
        var page = matching.Take(query.Limit).Select(entry => entry.Read()).ToList();
        return Task.FromResult(new RecordPage<T>(page, hasMore ? page[^1].Key : null));
    }
}
