using System.Collections.Concurrent;
using Esm.Service.Model;

namespace Esm.Service.Stores.InMemory;

/// <summary>
/// The keys of a collection, all of them in key order and per indexed field value, so that a page
/// costs a seek and about its own length rather than a scan and a sort of the collection.
/// </summary>
/// <remarks>
/// A write only notes its key as changed; the index catches up in batches, before every page and
/// in the background once enough keys are waiting. Updating the sets within each write made every
/// writer queue behind one lock, and writes outnumber pages by far (a Platform lists nothing; the
/// broker pages only in its sweeps, the operator API and catalog checks). Catching up reads each
/// changed key's entry as stored then, so the order in which writes were noted does not matter,
/// and a page sees every write that finished before it began. A page resolves each key to the
/// entry stored now and checks every condition on it, so it holds only matching records, each once.
/// </remarks>
internal sealed class InMemoryRecordIndex<T>(Func<string, InMemoryEntry<T>?> current) where T : class, IStoredRecord<T>
{
    /// <summary>Changed keys that make the background catch up: bounds the queue and amortises each pass.</summary>
    internal const int BackgroundBatch = 1024;

    private readonly ConcurrentQueue<string> _changed = new();
    private int _waiting;
    private int _backgroundScheduled;

    // Everything below is read and written only under _catchingUp. Only the set of all keys is
    // kept sorted: a field value's keys are a hash set, as a sorted insert into each of them was
    // the largest part of a write's cost (most values, such as a plan's id, hold most keys).
    private readonly Lock _catchingUp = new();
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _indexedFields = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Field, string Value), HashSet<string>> _byField = [];
    private readonly SortedSet<string> _all = new(StringComparer.Ordinal);

    /// <summary>Notes that the entry under <paramref name="key"/> was inserted, replaced or removed.</summary>
    public void Changed(string key)
    {
        _changed.Enqueue(key);
        if (Interlocked.Increment(ref _waiting) >= BackgroundBatch)
        {
            ScheduleBackgroundCatchUp();
        }
    }

    /// <summary>Up to <c>query.Limit + 1</c> entries matching the query, in key order, after its key.</summary>
    public IReadOnlyList<InMemoryEntry<T>> Page(RecordQuery query)
    {
        var page = new List<InMemoryEntry<T>>();
        lock (_catchingUp)
        {
            CatchUp();
            foreach (var key in Candidates(query))
            {
                if (current(key) is { } entry && entry.Matches(query.Where))
                {
                    page.Add(entry);
                    if (page.Count > query.Limit)
                    {
                        break;
                    }
                }
            }
        }

        return page;
    }

    /// <summary>
    /// Keys after the query's, in order, among which are all that match: the keys of the most
    /// selective condition, sorted for this page, when they are few; otherwise every key, each
    /// checked against that condition's set, as matches are then dense enough to fill a page soon.
    /// </summary>
    private IEnumerable<string> Candidates(RecordQuery query)
    {
        if (query.Where.Count == 0)
        {
            return After(query.AfterKey);
        }

        var fewest = query.Where.Select(condition => _byField.GetValueOrDefault((condition.Key, condition.Value))).MinBy(set => set?.Count ?? 0);
        if (fewest is null)
        {
            return [];
        }

        // Sorting k keys costs about k log k comparisons; walking all n keys to find a page of
        // matches about (limit + 1) n / k.
        double selected = fewest.Count;
        if (selected * Math.Log2(selected + 1) <= (query.Limit + 1.0) * _all.Count / selected)
        {
            var after = query.AfterKey;
            return fewest.Where(key => after is null || string.CompareOrdinal(key, after) > 0).Order(StringComparer.Ordinal).ToList();
        }

        return After(query.AfterKey).Where(fewest.Contains);
    }

    private IEnumerable<string> After(string? key)
    {
        if (_all.Count == 0)
        {
            return [];
        }

        if (key is null)
        {
            return _all;
        }

        // A view starts at its lower bound inclusive, and needs an upper bound at or above it.
        var last = _all.Max!;
        return string.CompareOrdinal(key, last) >= 0 ? [] : _all.GetViewBetween(key, last).SkipWhile(k => k == key);
    }

    private void ScheduleBackgroundCatchUp()
    {
        if (Interlocked.CompareExchange(ref _backgroundScheduled, 1, 0) != 0)
        {
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            static index =>
            {
                lock (index._catchingUp)
                {
                    index.CatchUp();
                }

                Volatile.Write(ref index._backgroundScheduled, 0);

                // Keys noted while this pass ran saw it scheduled and did not schedule another.
                if (Volatile.Read(ref index._waiting) >= BackgroundBatch)
                {
                    index.ScheduleBackgroundCatchUp();
                }
            },
            this,
            preferLocal: false);
    }

    /// <summary>
    /// Brings the sets up to date with every key noted so far; not with those noted meanwhile, so
    /// that steady writes cannot keep a pass (and the pages waiting for it) going forever.
    /// Under <see cref="_catchingUp"/>.
    /// </summary>
    private void CatchUp()
    {
        // Only the holder of _catchingUp dequeues, so the keys counted are all there to take.
        var noted = _changed.Count;
        for (var i = 0; i < noted && _changed.TryDequeue(out var key); i++)
        {
            var before = _indexedFields.GetValueOrDefault(key);
            var after = current(key)?.Fields;
            if (ReferenceEquals(before, after))
            {
                continue;
            }

            foreach (var (field, value) in IndexedFieldChanges.Leaving(before, after))
            {
                if (_byField.TryGetValue((field, value), out var set))
                {
                    set.Remove(key);
                    if (set.Count == 0)
                    {
                        _byField.Remove((field, value));
                    }
                }
            }

            foreach (var (field, value) in IndexedFieldChanges.Leaving(after, before))
            {
                if (!_byField.TryGetValue((field, value), out var set))
                {
                    _byField[(field, value)] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(key);
            }

            if (after is null)
            {
                _indexedFields.Remove(key);
                _all.Remove(key);
            }
            else
            {
                _indexedFields[key] = after;
                if (before is null)
                {
                    _all.Add(key);
                }
            }
        }

        Interlocked.Add(ref _waiting, -noted);
    }
}
