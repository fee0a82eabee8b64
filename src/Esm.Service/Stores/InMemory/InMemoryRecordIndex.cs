using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Esm.Service.Stores.InMemory;

/// <summary>
/// The entries of a collection in key order, all of them and per indexed field value, so that a
/// page costs a seek and its own length rather than a scan and a sort of the collection.
/// </summary>
/// <remarks>
/// The sets are immutable: a writer publishes new ones, and a reader pages through the one set it
/// picked without a lock, which is a consistent snapshot of the query (the other conditions are
/// checked on the entries, which never change). Writers must be serialised by the caller.
/// </remarks>
internal sealed class InMemoryRecordIndex<T> where T : class, IStoredRecord<T>
{
    private static readonly ImmutableSortedSet<InMemoryEntry<T>> Empty =
        ImmutableSortedSet.Create<InMemoryEntry<T>>(Comparer<InMemoryEntry<T>>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key)));

    private readonly ConcurrentDictionary<(string Field, string Value), ImmutableSortedSet<InMemoryEntry<T>>> _byField = new();

    private volatile ImmutableSortedSet<InMemoryEntry<T>> _all = Empty;

    /// <summary>Indexes <paramref name="added"/> in place of <paramref name="removed"/> (same key); either may be null.</summary>
    public void Replace(InMemoryEntry<T>? removed, InMemoryEntry<T>? added)
    {
        foreach (var term in TermsOf(removed).Union(TermsOf(added)))
        {
            // One new set per term, published once: a reader never misses a record whose value
            // did not change.
            var set = Swap(_byField.GetValueOrDefault(term, Empty), Has(removed, term) ? removed : null, Has(added, term) ? added : null);
            if (set.IsEmpty)
            {
                _byField.TryRemove(term, out _);
            }
            else
            {
                _byField[term] = set;
            }
        }

        _all = Swap(_all, removed, added);
    }

    /// <summary>Up to <c>query.Limit + 1</c> entries matching the query, in key order, after its key.</summary>
    public IReadOnlyList<InMemoryEntry<T>> Page(RecordQuery query)
    {
        // The fewest candidates: the set of the most selective condition (one set, read once).
        var candidates = query.Where.Count == 0
            ? _all
            : query.Where.Select(condition => _byField.GetValueOrDefault((condition.Key, condition.Value), Empty)).MinBy(set => set.Count)!;

        var page = new List<InMemoryEntry<T>>();
        for (var i = query.AfterKey is null ? 0 : FirstAfter(candidates, query.AfterKey); i < candidates.Count && page.Count <= query.Limit; i++)
        {
            if (candidates[i].Matches(query.Where))
            {
                page.Add(candidates[i]);
            }
        }

        return page;
    }

    /// <summary>The position of the first key above <paramref name="key"/>: a binary search over the set's O(log n) indexer.</summary>
    private static int FirstAfter(ImmutableSortedSet<InMemoryEntry<T>> set, string key)
    {
        var (low, high) = (0, set.Count);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (string.CompareOrdinal(set[middle].Key, key) <= 0)
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

    private static ImmutableSortedSet<InMemoryEntry<T>> Swap(ImmutableSortedSet<InMemoryEntry<T>> set, InMemoryEntry<T>? removed, InMemoryEntry<T>? added)
    {
        // Remove first: adding a key the set holds would keep the old entry.
        set = removed is null ? set : set.Remove(removed);
        return added is null ? set : set.Add(added);
    }

    private static IEnumerable<(string Field, string Value)> TermsOf(InMemoryEntry<T>? entry) =>
        entry?.Fields.Select(field => (field.Key, field.Value)) ?? [];

    private static bool Has(InMemoryEntry<T>? entry, (string Field, string Value) term) =>
        entry is not null && entry.Fields.TryGetValue(term.Field, out var value) && value == term.Value;
}
