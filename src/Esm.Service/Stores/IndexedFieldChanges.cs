namespace Esm.Service.Stores;

/// <summary>
/// What a write changes in a store's index of field values: a store keeps one index entry per
/// (field, value) of each record, and a write touches only the entries whose value differs.
/// </summary>
internal static class IndexedFieldChanges
{
    /// <summary>
    /// The field values of <paramref name="from"/> that <paramref name="to"/> does not have: the
    /// index entries to remove when a record goes from one to the other, or, with the arguments
    /// swapped, those to add. Null stands for no record.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> Leaving(IReadOnlyDictionary<string, string>? from, IReadOnlyDictionary<string, string>? to) =>
        from is null ? [] : from.Where(pair => to is null || !to.TryGetValue(pair.Key, out var value) || value != pair.Value);
}
