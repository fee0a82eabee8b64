namespace Esm.Service.Stores;

/// <summary>
/// A page request: records whose indexed fields equal every value in <see cref="Where"/>, with
/// keys after <see cref="AfterKey"/> (keyset paging: stable under concurrent inserts).
/// </summary>
public sealed record RecordQuery(IReadOnlyDictionary<string, string> Where, string? AfterKey = null, int Limit = 100)
{
    public static RecordQuery All(int limit = 100) => new(new Dictionary<string, string>(), null, limit);

    public static RecordQuery Matching(string field, string value, int limit = 100) =>
        new(new Dictionary<string, string> { [field] = value }, null, limit);
}

/// <summary>One page of records and the key to continue after, null on the last page.</summary>
public sealed record RecordPage<T>(IReadOnlyList<T> Items, string? NextAfterKey);
