using System.Text.Json;
using Esm.Service.Model;

namespace Esm.Service.Stores.Sqlite;

/// <summary>
/// A record as the SQLite store writes it: its key, its JSON body, and its indexed fields both as
/// values (for the index rows) and as the JSON kept in the row (to tell later which rows change).
/// </summary>
internal sealed record SqliteRow(string Key, byte[] Body, IReadOnlyDictionary<string, string> Fields, string FieldsJson)
{
    public static SqliteRow Of<T>(T record) where T : IStoredRecord<T>
    {
        var fields = record.IndexedFields;
        return new SqliteRow(record.Key, StoreJson.Serialize(record), fields, JsonSerializer.Serialize(fields));
    }

    /// <summary>The fields of a row as stored in its <c>fields</c> column.</summary>
    public static Dictionary<string, string> ParseFields(string fieldsJson) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(fieldsJson) ?? [];
}
