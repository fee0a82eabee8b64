using Esm.Service.Model;

namespace Esm.Service.Stores.InMemory;

/// <summary>
/// One stored version of a record. A write makes a new entry, so an entry never changes: the
/// collection's compare-and-set and the index's snapshots rest on that.
/// </summary>
/// <remarks>
/// The entry keeps its own copy of the record and hands out copies of it (see <see cref="RecordCopies"/>),
/// so that no caller shares a JSON node with the store: far cheaper than keeping serialised JSON
/// and deserialising it on every read.
/// </remarks>
internal sealed class InMemoryEntry<T>(T record, Func<T, T> copy) where T : class, IStoredRecord<T>
{
    private readonly T _record = copy(record);

    private IReadOnlyDictionary<string, string>? _fields;

    public string Key { get; } = record.Key;

    public long Version { get; } = record.Version;

    /// <summary>
    /// Computed when the index or a page first needs them: most entries are replaced (an
    /// operation's start by its finish) before the index catches up, and are never asked.
    /// </summary>
    /// <remarks>Reads only immutable members of the record, so it needs no lock; two first readers compute equal fields.</remarks>
    public IReadOnlyDictionary<string, string> Fields => _fields ??= _record.IndexedFields;

    public bool Matches(IReadOnlyDictionary<string, string> where) =>
        where.All(condition => Fields.TryGetValue(condition.Key, out var value) && value == condition.Value);

    public T Read()
    {
        // JsonNode documents no thread safety (a node parsed from JSON builds its children lazily),
        // so readers copying one stored record take turns rather than rely on a deep clone only
        // reading. The record itself is the lock: nothing outside this entry ever sees it, and a
        // lock object of its own would add 24 bytes to each of the many entries kept.
        lock (_record)
        {
            return copy(_record);
        }
    }
}
