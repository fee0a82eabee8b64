using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Esm.Service.Stores.Mongo;

/// <summary>
/// The shape of a record in a MongoDB collection, and the filters and updates that read and write it:
/// <code>{ _id: ObjectId, key: "...", sort_key: "...", version: 3, body: "{...record JSON...}", fields: { service_id: "...", ... } }</code>
/// <c>_id</c> is left to the server (the CI emulator accepts only ObjectIds), so the record's key is
/// the <c>key</c> field; listings order by <c>sort_key</c> (see <see cref="MongoSortKey"/>). The body
/// is the <see cref="StoreJson"/> text as one string: records carry user JSON whose keys
/// (<c>$schema</c>, dotted names) MongoDB's field-name rules would refuse or split, and a string is
/// stored and returned byte for byte.
/// </summary>
internal static class MongoRecordDocuments
{
    /// <summary>Finds a record by key; unique, which real MongoDB relies on to settle concurrent upserts of one key.</summary>
    public static readonly MongoIndex KeyIndex = new("key_1", """{"key": 1}""", Unique: true);

    /// <summary>Answers an unfiltered page in order.</summary>
    public static readonly MongoIndex SortKeyIndex = new("sort_key_1", """{"sort_key": 1}""", Unique: false);

    public const string ListingOrder = """{"sort_key": 1}""";

    /// <summary>A read returns only what rebuilds the record, and its key to name it if it cannot.</summary>
    public const string KeyAndBody = """{"_id": 0, "key": 1, "body": 1}""";

    // Only the JSON syntax needs escaping: the text goes to libbson, never into HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string KeyFilter(string key) => Write(writer =>
    {
        writer.WriteString("key", key);
    });

    public static string VersionFilter(string key, long version) => Write(writer =>
    {
        writer.WriteString("key", key);
        writer.WriteNumber("version", version);
    });

    /// <summary>For an upsert on <see cref="KeyFilter"/>: writes only when no record has the key.</summary>
    public static string Insertion<T>(T stored) where T : IStoredRecord<T> => Write(writer =>
    {
        writer.WriteStartObject("$setOnInsert");
        writer.WriteString("sort_key", MongoSortKey.Of(stored.Key));
        WriteRecordFields(writer, stored);
        writer.WriteEndObject();
    });

    /// <summary>For an update on <see cref="VersionFilter"/> with the previous version.</summary>
    public static string Replacement<T>(T stored) where T : IStoredRecord<T> => Write(writer =>
    {
        writer.WriteStartObject("$set");
        WriteRecordFields(writer, stored);
        writer.WriteEndObject();
    });

    /// <summary>Every field of the query equal, and keys after the query's <c>AfterKey</c>, for a <see cref="ListingOrder"/> find.</summary>
    public static string PageFilter(RecordQuery query) => Write(writer =>
    {
        foreach (var (field, value) in query.Where)
        {
            writer.WriteString(FieldPath(field), value);
        }

        if (query.AfterKey is not null)
        {
            writer.WriteStartObject("sort_key");
            writer.WriteString("$gt", MongoSortKey.Of(query.AfterKey));
            writer.WriteEndObject();
        }
    });

    /// <summary>The index that answers "field = value" in order, as a page query asks.</summary>
    public static MongoIndex FieldIndex(string field)
    {
        var path = FieldPath(field);
        var keys = Write(writer =>
        {
            writer.WriteNumber(path, 1);
            writer.WriteNumber("sort_key", 1);
        });
        return new MongoIndex($"{path}_1_sort_key_1", keys, Unique: false);
    }

    /// <summary>The key of a document read with the <see cref="KeyAndBody"/> projection.</summary>
    public static string KeyOf(string documentJson)
    {
        using var document = JsonDocument.Parse(documentJson);
        return document.RootElement.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String
            ? key.GetString()!
            : throw new InvalidDataException("A stored document has no string 'key' field.");
    }

    /// <summary>Rebuilds a record from a document read with the <see cref="KeyAndBody"/> projection.</summary>
    public static T ReadRecord<T>(string documentJson)
    {
        using var document = JsonDocument.Parse(documentJson);
        if (!document.RootElement.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"A stored {typeof(T).Name} document has no string 'body' field.");
        }

        return StoreJson.Deserialize<T>(Encoding.UTF8.GetBytes(body.GetString()!));
    }

    private static void WriteRecordFields<T>(Utf8JsonWriter writer, T stored) where T : IStoredRecord<T>
    {
        writer.WriteNumber("version", stored.Version);
        writer.WriteString("body", StoreJson.Serialize(stored));
        writer.WriteStartObject("fields");
        foreach (var (field, value) in stored.IndexedFields)
        {
            writer.WriteString(FieldName(field), value);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Indexed field names become MongoDB field names; they are fixed identifiers in the code, so
    /// anything else (a dot would address a sub-document, a '$' an operator) is a programming error.
    /// </summary>
    private static string FieldName(string field) =>
        field.Length > 0 && field.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? field
            : throw new ArgumentException($"'{field}' is not an indexed field name (ASCII letters, digits and '_' only).", nameof(field));

    private static string FieldPath(string field) => "fields." + FieldName(field);

    private static string Write(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
