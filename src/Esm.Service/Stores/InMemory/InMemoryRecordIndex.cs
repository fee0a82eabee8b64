using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Esm.Service.Stores.InMemory;

/// <summary>
/// The keys of a collection in key order, all of them and per indexed field value, so that a
/// page costs a seek and its own length rather than a scan and a sort of the collection.
/// </summary>
/// <remarks>
/// The sets hold keys, not entries: a write that leaves a field's value as it was (most of them:
/// progress, lease renewals, the finish of an operation) changes no set of that field, and the
/// write lock is held for less. The sets are immutable: a writer publishes new ones, and a reader
/// pages through the one set it picked without a lock, resolving each key to the entry stored now
/// and checking every condition on it, so a page holds only matching records, each once. Writers
/// must be serialised by the caller.
/// </remarks>
internal sealed class InMemoryRecordIndex<T> where T : class, IStoredRecord<T>
{
    private static readonly ImmutableSortedSet<string> Empty = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<(string Field, string Value), ImmutableSortedSet<string>> _byField = new();

    private volatile ImmutableSortedSet<string> _all = Empty;

    /// <summary>Indexes <paramref name="added"/> in place of <paramref name="removed"/> (same key); either may be null.</summary>
    public void Replace(InMemoryEntry<T>? removed, InMemoryEntry<T>? added)
    {
        var key = (added ?? removed)?.Key;
        if (key is null)
        {
            return;
        }

        foreach (var term in TermsOf(removed))
        {
            if (!Has(added, term))
            {
                Publish(term, _byField.GetValueOrDefault(term, Empty).Remove(key));
            }
        }

        foreach (var term in TermsOf(added))
        {
            if (!Has(removed, term))
            {
                Publish(term, _byField.GetValueOrDefault(term, Empty).Add(key));
            }
        }

        if (removed is null || added is null)
        {
            _all = added is null ? _all.Remove(key) : _all.Add(key);
        }
    }

    /// <summary>Up to <c>query.Limit + 1</c> entries matching the query, in key order, after its key.</summary>
    /// <param name="current">The entry stored now under a key; null when there is none.</param>
    public IReadOnlyList<InMemoryEntry<T>> Page(RecordQuery query, Func<string, InMemoryEntry<T>?> current)
    {
        // The fewest candidates: the set of the most selective condition (one set, read once).
        var candidates = query.Where.Count == 0
            ? _all
            : query.Where.Select(condition => _byField.GetValueOrDefault((condition.Key, condition.Value), Empty)).MinBy(set => set.Count)!;

        var page = new List<InMemoryEntry<T>>();
        for (var i = query.AfterKey is null ? 0 : FirstAfter(candidates, query.AfterKey); i < candidates.Count && page.Count <= query.Limit; i++)
        {
            if (current(candidates[i]) is { } entry && entry.Matches(query.Where))
            {
                page.Add(entry);
            }
        }

        return page;
    }

    /// <summary>The position of the first key above <paramref name="key"/>: a binary search over the set's O(log n) indexer.</summary>
    private static int FirstAfter(ImmutableSortedSet<string> set, string key)
    {
        var (low, high) = (0, set.Count);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (string.CompareOrdinal(set[middle], key) <= 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private void Publish((string Field, string Value) term, ImmutableSortedSet<string> set)
    {
        if (set.IsEmpty)
        {
            _byField.TryRemove(term, out _);
        }
        else
        {
            _byField[term] = set;
        }
    }

    private static IEnumerable<(string Field, string Value)> TermsOf(InMemoryEntry<T>? entry) =>
        entry?.Fields.Select(field => (field.Key, field.Value)) ?? [];

    private static bool Has(InMemoryEntry<T>? entry, (string Field, string Value) term) =>
        entry is not null && entry.Fields.TryGetValue(term.Field, out var value) && value == term.Value;
}
