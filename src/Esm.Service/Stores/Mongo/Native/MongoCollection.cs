using System.Text.Json;

namespace Esm.Service.Stores.Mongo.Native;

/// <summary>
/// One collection of a <see cref="MongoConnection"/>'s database. Documents, filters, sorts, projections and
/// updates are extended JSON strings (relaxed or canonical) in, relaxed extended JSON out. Every method is
/// synchronous, thread-safe and acknowledged by the server before it returns; invalid JSON is rejected with
/// an <see cref="ArgumentException"/> before anything is sent, and failures on the server or the network throw
/// <see cref="MongoException"/>.
/// </summary>
public sealed class MongoCollection
{
    private readonly MongoConnection _connection;

    internal MongoCollection(MongoConnection connection, string name)
    {
        _connection = connection;
        Name = name;
    }

    /// <summary>The collection's name within the connection's database.</summary>
    public string Name { get; }

    /// <summary>Creates an index through the <c>createIndexes</c> command; succeeds without change when an identical index exists.</summary>
    /// <param name="name">The index name.</param>
    /// <param name="keysJson">The key specification, for example <c>{"serviceId": 1, "planId": 1}</c>.</param>
    /// <param name="unique">Whether the server must reject documents that repeat an indexed key.</param>
    /// <exception cref="MongoException">The server rejected the index, for example an index of that name with other keys exists.</exception>
    public void CreateIndex(string name, string keysJson, bool unique)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using BsonDocumentHandle keys = BsonDocumentHandle.Parse(keysJson, nameof(keysJson));
        using BsonDocumentHandle index = BsonDocumentHandle.Create();
        index.Append("key", keys);
        index.Append("name", name);
        index.Append("unique", unique);
        using BsonDocumentHandle indexes = BsonDocumentHandle.Create();
        indexes.Append("0", index);
        using BsonDocumentHandle command = BsonDocumentHandle.Create();
        command.Append("createIndexes", Name);
        command.AppendArray("indexes", indexes);
        using BsonDocumentHandle options = BsonDocumentHandle.Create();
        using BsonReplyHandle reply = BsonReplyHandle.Create();

        BsonError error = default;
        if (!Run(collection => LibMongoc.mongoc_collection_write_command_with_opts(collection, command, options, reply, out error)))
        {
            throw error.ToException();
        }
    }

    /// <summary>Inserts one document. When it has no <c>_id</c>, the driver adds an ObjectId before sending it.</summary>
    /// <exception cref="MongoException">The server rejected the document, for example a duplicate key (code 11000).</exception>
    public void InsertOne(string documentJson)
    {
        using BsonDocumentHandle document = BsonDocumentHandle.Parse(documentJson, nameof(documentJson));
        using BsonDocumentHandle options = BsonDocumentHandle.Create();
        using BsonReplyHandle reply = BsonReplyHandle.Create();

        BsonError error = default;
        if (!Run(collection => LibMongoc.mongoc_collection_insert_one(collection, document, options, reply, out error)))
        {
            throw error.ToException();
        }
    }

    /// <summary>Returns every matching document, in <paramref name="sortJson"/> order when given (else in server order).</summary>
    /// <param name="filterJson">The query, for example <c>{"state": "ready"}</c>; <c>{}</c> matches all.</param>
    /// <param name="sortJson">The sort specification, for example <c>{"createdAt": -1}</c>.</param>
    /// <param name="limit">The maximum number of documents to return; must be positive.</param>
    /// <param name="projectionJson">The fields to return or exclude, for example <c>{"_id": 0, "name": 1}</c>.</param>
    public IReadOnlyList<string> Find(string filterJson, string? sortJson = null, int? limit = null, string? projectionJson = null)
    {
        if (limit is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must be positive.");
        }

        using BsonDocumentHandle filter = BsonDocumentHandle.Parse(filterJson, nameof(filterJson));
        using BsonDocumentHandle options = BsonDocumentHandle.Create();
        if (sortJson is not null)
        {
            using BsonDocumentHandle sort = BsonDocumentHandle.Parse(sortJson, nameof(sortJson));
            options.Append("sort", sort);
        }

        if (limit is int maximum)
        {
            options.Append("limit", (long)maximum);
        }

        if (projectionJson is not null)
        {
            using BsonDocumentHandle projection = BsonDocumentHandle.Parse(projectionJson, nameof(projectionJson));
            options.Append("projection", projection);
        }

        return Run(collection =>
        {
            using CursorHandle cursor = CursorHandle.Find(collection, filter, options);
            return cursor.ReadAll();
        });
    }

    /// <summary>Returns one matching document, or null when none matches; which one is unspecified when several do.</summary>
    public string? FindOne(string filterJson) => Find(filterJson, limit: 1).FirstOrDefault();

    /// <summary>
    /// Applies an update document (<c>$set</c>, <c>$inc</c>, <c>$setOnInsert</c>, ...) to at most one matching document.
    /// Put the expected <c>version</c> in the filter for optimistic concurrency: a stale version matches nothing.
    /// </summary>
    /// <param name="filterJson">Selects the document.</param>
    /// <param name="updateJson">Update operators only; a plain replacement document is rejected.</param>
    /// <param name="upsert">Insert a document built from the filter's equalities and the update when none matches.</param>
    public UpdateResult UpdateOne(string filterJson, string updateJson, bool upsert = false)
    {
        using BsonDocumentHandle filter = BsonDocumentHandle.Parse(filterJson, nameof(filterJson));
        using BsonDocumentHandle update = BsonDocumentHandle.Parse(updateJson, nameof(updateJson));
        using BsonDocumentHandle options = BsonDocumentHandle.Create();
        options.Append("upsert", upsert);
        using BsonReplyHandle reply = BsonReplyHandle.Create();

        BsonError error = default;
        if (!Run(collection => LibMongoc.mongoc_collection_update_one(collection, filter, update, options, reply, out error)))
        {
            throw error.ToException();
        }

        using JsonDocument result = JsonDocument.Parse(reply.ToRelaxedJson());
        return new UpdateResult(
            ReadCount(result, "matchedCount"), ReadCount(result, "modifiedCount"), ReadCount(result, "upsertedCount"));
    }

    /// <summary>Deletes at most one matching document and returns how many were deleted (0 or 1).</summary>
    public long DeleteOne(string filterJson)
    {
        using BsonDocumentHandle filter = BsonDocumentHandle.Parse(filterJson, nameof(filterJson));
        using BsonDocumentHandle options = BsonDocumentHandle.Create();
        using BsonReplyHandle reply = BsonReplyHandle.Create();

        BsonError error = default;
        if (!Run(collection => LibMongoc.mongoc_collection_delete_one(collection, filter, options, reply, out error)))
        {
            throw error.ToException();
        }

        return ReadDeletedCount(reply);
    }

    /// <summary>Deletes every matching document and returns how many were deleted.</summary>
    public long DeleteMany(string filterJson)
    {
        using BsonDocumentHandle filter = BsonDocumentHandle.Parse(filterJson, nameof(filterJson));
        using BsonDocumentHandle options = BsonDocumentHandle.Create();
        using BsonReplyHandle reply = BsonReplyHandle.Create();

        BsonError error = default;
        if (!Run(collection => LibMongoc.mongoc_collection_delete_many(collection, filter, options, reply, out error)))
        {
            throw error.ToException();
        }

        return ReadDeletedCount(reply);
    }

    /// <summary>Counts the matching documents exactly (an aggregation, not the collection's metadata estimate).</summary>
    public long CountDocuments(string filterJson)
    {
        using BsonDocumentHandle filter = BsonDocumentHandle.Parse(filterJson, nameof(filterJson));
        using BsonDocumentHandle options = BsonDocumentHandle.Create();
        using BsonReplyHandle reply = BsonReplyHandle.Create();

        BsonError error = default;
        long count = Run(collection =>
            LibMongoc.mongoc_collection_count_documents(collection, filter, options, IntPtr.Zero, reply, out error));
        return count >= 0 ? count : throw error.ToException();
    }

    // Borrows a client only for the duration of one driver call, so the pool serves concurrent callers.
    private T Run<T>(Func<CollectionHandle, T> call)
    {
        using ClientHandle client = _connection.RentClient();
        using CollectionHandle collection = CollectionHandle.Get(client, _connection.DatabaseName, Name);
        return call(collection);
    }

    private static long ReadDeletedCount(BsonReplyHandle reply)
    {
        using JsonDocument result = JsonDocument.Parse(reply.ToRelaxedJson());
        return ReadCount(result, "deletedCount");
    }

    private static long ReadCount(JsonDocument reply, string field) =>
        reply.RootElement.TryGetProperty(field, out JsonElement count)
            ? count.GetInt64()
            : throw new InvalidOperationException($"The driver's reply lacks '{field}': {reply.RootElement.GetRawText()}");
}
