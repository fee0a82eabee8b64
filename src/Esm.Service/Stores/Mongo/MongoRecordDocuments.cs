using Esm.Service.Model;
using MongoDB.Bson;
using MongoDB.Driver;

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
    private const string Key = "key";
    private const string SortKey = "sort_key";
    private const string Version = "version";
    private const string Body = "body";
    private const string Fields = "fields";

    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<BsonDocument> Update = Builders<BsonDocument>.Update;

    /// <summary>Finds a record by key; unique, which real MongoDB relies on to settle concurrent upserts of one key.</summary>
    public static CreateIndexModel<BsonDocument> KeyIndex { get; } =
        new(Builders<BsonDocument>.IndexKeys.Ascending(Key), new CreateIndexOptions { Name = "key_1", Unique = true });

    /// <summary>Answers an unfiltered page in order.</summary>
    public static CreateIndexModel<BsonDocument> SortKeyIndex { get; } =
        new(Builders<BsonDocument>.IndexKeys.Ascending(SortKey), new CreateIndexOptions { Name = "sort_key_1" });

    public static SortDefinition<BsonDocument> ListingOrder { get; } = Builders<BsonDocument>.Sort.Ascending(SortKey);

    /// <summary>A read returns only what rebuilds the record, and its key to name it if it cannot.</summary>
    public static ProjectionDefinition<BsonDocument> KeyAndBody { get; } = Builders<BsonDocument>.Projection.Exclude("_id").Include(Key).Include(Body);

    public static FilterDefinition<BsonDocument> KeyFilter(string key) => Filter.Eq(Key, key);

    public static FilterDefinition<BsonDocument> VersionFilter(string key, long version) => Filter.Eq(Key, key) & Filter.Eq(Version, version);

    /// <summary>For an upsert on <see cref="KeyFilter"/>: writes only when no record has the key.</summary>
    public static UpdateDefinition<BsonDocument> Insertion<T>(T stored) where T : IStoredRecord<T> => Update.Combine(
        Update.SetOnInsert(SortKey, MongoSortKey.Of(stored.Key)),
        Update.SetOnInsert(Version, stored.Version),
        Update.SetOnInsert(Body, Text(stored)),
        Update.SetOnInsert(Fields, FieldsOf(stored)));

    /// <summary>For an update on <see cref="VersionFilter"/> with the previous version.</summary>
    public static UpdateDefinition<BsonDocument> Replacement<T>(T stored) where T : IStoredRecord<T> => Update.Combine(
        Update.Set(Version, stored.Version),
        Update.Set(Body, Text(stored)),
        Update.Set(Fields, FieldsOf(stored)));

    /// <summary>Every field of the query equal, and keys after the query's <c>AfterKey</c>, for a <see cref="ListingOrder"/> find.</summary>
    public static FilterDefinition<BsonDocument> PageFilter(RecordQuery query)
    {
        var filter = Filter.Empty;
        foreach (var (field, value) in query.Where)
        {
            filter &= Filter.Eq(FieldPath(field), value);
        }

        return query.AfterKey is null ? filter : filter & Filter.Gt(SortKey, MongoSortKey.Of(query.AfterKey));
    }

    /// <summary>The index that answers "field = value" in order, as a page query asks.</summary>
    public static CreateIndexModel<BsonDocument> FieldIndex(string field)
    {
        var path = FieldPath(field);
        return new(
            Builders<BsonDocument>.IndexKeys.Ascending(path).Ascending(SortKey),
            new CreateIndexOptions { Name = $"{path}_1_{SortKey}_1" });
    }

    /// <summary>The key of a document read with the <see cref="KeyAndBody"/> projection.</summary>
    public static string KeyOf(BsonDocument document) =>
        document.TryGetValue(Key, out var key) && key.IsString
            ? key.AsString
            : throw new InvalidDataException("A stored document has no string 'key' field.");

    /// <summary>Rebuilds a record from a document read with the <see cref="KeyAndBody"/> projection.</summary>
    public static T ReadRecord<T>(BsonDocument document) =>
        document.TryGetValue(Body, out var body) && body.IsString
            ? StoreJson.Deserialize<T>(System.Text.Encoding.UTF8.GetBytes(body.AsString))
            : throw new InvalidDataException($"A stored {typeof(T).Name} document has no string 'body' field.");

    private static string Text<T>(T stored) => System.Text.Encoding.UTF8.GetString(StoreJson.Serialize(stored));

    private static BsonDocument FieldsOf<T>(T stored) where T : IStoredRecord<T>
    {
        var fields = new BsonDocument();
        foreach (var (field, value) in stored.IndexedFields)
        {
            fields.Add(FieldName(field), value);
        }

        return fields;
    }

    /// <summary>
    /// Indexed field names become MongoDB field names; they are fixed identifiers in the code, so
    /// anything else (a dot would address a sub-document, a '$' an operator) is a programming error.
    /// </summary>
    private static string FieldName(string field) =>
        field.Length > 0 && field.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? field
            : throw new ArgumentException($"'{field}' is not an indexed field name (ASCII letters, digits and '_' only).", nameof(field));

    private static string FieldPath(string field) => $"{Fields}.{FieldName(field)}";
}
