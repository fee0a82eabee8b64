namespace Esm.Service.Model;

/// <summary>What a store needs to know about a record: its key, version and queryable fields.</summary>
public interface IStoredRecord<T> where T : IStoredRecord<T>
{
    string Key { get; }

    long Version { get; }

    /// <summary>The record at another version; stores call it when they write.</summary>
    T WithVersion(long version);

    /// <summary>Field values a <see cref="RecordQuery"/> can match on (stores index them).</summary>
    IReadOnlyDictionary<string, string> IndexedFields { get; }
}
