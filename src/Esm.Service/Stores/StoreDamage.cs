using System.Collections.Concurrent;

namespace Esm.Service.Stores;

/// <summary>
/// The stored records a store found it cannot read (a damaged body, a record written by something
/// else). Each is logged once; lists skip it, reading it alone throws <see cref="UnreadableRecordException"/>,
/// and while any is known the readiness probe reports the store degraded.
/// </summary>
public sealed class StoreDamage(ILogger logger)
{
    /// <summary>How many damaged records are kept by name; a store with more has bigger trouble than a list can show.</summary>
    private const int NamedRecords = 100;

    private readonly ConcurrentDictionary<string, byte> _unreadable = new(StringComparer.Ordinal);

    /// <summary>Whether any record was found unreadable.</summary>
    public bool Any => !_unreadable.IsEmpty;

    /// <summary>The unreadable records found (at most a hundred), as <c>collection/key</c>.</summary>
    public IReadOnlyList<string> Unreadable => [.. _unreadable.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The record read by <paramref name="read"/>, or null (logged and counted) when it cannot be read.</summary>
    public T? TryRead<T>(string collection, string key, Func<T> read) where T : class
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or NotSupportedException or InvalidOperationException or FormatException)
        {
            Report(collection, key, e);
            return null;
        }
    }

    /// <summary>The record read by <paramref name="read"/>.</summary>
    /// <exception cref="UnreadableRecordException">It cannot be read (logged and counted).</exception>
    public T Read<T>(string collection, string key, Func<T> read) where T : class =>
        TryRead(collection, key, read) ?? throw new UnreadableRecordException(collection, key);

    private void Report(string collection, string key, Exception cause)
    {
        var name = $"{collection}/{key}";
        if (_unreadable.Count < NamedRecords && _unreadable.TryAdd(name, 0))
        {
            logger.LogError(cause, "The stored record {Record} cannot be read; it is left out of listings until an operator repairs or removes it.", name);
        }
    }
}
