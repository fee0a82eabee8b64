using Esm.Service.Model;

namespace Esm.Service.Stores;

/// <summary>
/// A keyed collection of versioned records. A write names the version it was based on and is
/// refused (null or false) when the stored version differs: a stale write is never applied.
/// </summary>
public interface IRecordCollection<T> where T : class, IStoredRecord<T>
{
    Task<T?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Inserts the record at version 1; null when the key exists.</summary>
    Task<T?> TryInsertAsync(T record, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the record whose stored version equals <c>record.Version</c> and returns it at
    /// the next version; null when the record is gone or was changed since it was read.
    /// </summary>
    Task<T?> TryReplaceAsync(T record, CancellationToken cancellationToken);

    /// <summary>Deletes the record if its stored version is <paramref name="expectedVersion"/>.</summary>
    Task<bool> TryDeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Records matching every field of the query, in key order, one page at a time.</summary>
    Task<RecordPage<T>> ListAsync(RecordQuery query, CancellationToken cancellationToken);
}

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
