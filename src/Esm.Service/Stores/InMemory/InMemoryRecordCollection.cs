using System.Collections.Concurrent;

namespace Esm.Service.Stores.InMemory;

/// <summary>
/// Records in process memory with an index per queried field. Writers take one lock per
/// collection, held for the compare-and-set and the index update only; readers take none.
/// </summary>
/// <param name="copy">A copy of a record that shares no JSON node with it.</param>
public sealed class InMemoryRecordCollection<T>(Func<T, T> copy) : IRecordCollection<T> where T : class, IStoredRecord<T>
{
    private readonly Lock _writeLock = new();
    private readonly ConcurrentDictionary<string, InMemoryEntry<T>> _entries = new(StringComparer.Ordinal);
    private readonly InMemoryRecordIndex<T> _index = new();

    public Task<T?> GetAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryGetValue(key, out var entry) ? entry.Read() : null);

    public Task<T?> TryInsertAsync(T record, CancellationToken cancellationToken)
    {
        var stored = record.WithVersion(1);
        var entry = new InMemoryEntry<T>(stored, copy);
        lock (_writeLock)
        {
            if (!_entries.TryAdd(entry.Key, entry))
            {
                return Task.FromResult<T?>(null);
            }

            _index.Replace(null, entry);
        }

        return Task.FromResult<T?>(stored);
    }

    public Task<T?> TryReplaceAsync(T record, CancellationToken cancellationToken)
    {
        var stored = record.WithVersion(record.Version + 1);
        var entry = new InMemoryEntry<T>(stored, copy);
        lock (_writeLock)
        {
            if (!_entries.TryGetValue(entry.Key, out var current) || current.Version != record.Version)
            {
                return Task.FromResult<T?>(null);
            }

            _entries[entry.Key] = entry;
            _index.Replace(current, entry);
        }

        return Task.FromResult<T?>(stored);
    }

    public Task<bool> TryDeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_writeLock)
        {
            if (!_entries.TryGetValue(key, out var current) || current.Version != expectedVersion)
            {
                return Task.FromResult(false);
            }

            _entries.TryRemove(key, out _);
            _index.Replace(current, null);
        }

        return Task.FromResult(true);
    }

    public Task<RecordPage<T>> ListAsync(RecordQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        var matching = _index.Page(query, key => _entries.GetValueOrDefault(key));
        var hasMore = matching.Count > query.Limit;
        var page = matching.Take(query.Limit).Select(entry => entry.Read()).ToList();
        return Task.FromResult(new RecordPage<T>(page, hasMore ? page[^1].Key : null));
    }
}
