namespace Esm.Service.Stores.Mongo.Native;

/// <summary>
/// A <c>mongoc_cursor_t</c>. It depends on the collection's client, which the collection handle keeps alive;
/// destroying it also kills the server-side cursor if results were left unread.
/// </summary>
internal sealed class CursorHandle : DependentHandle
{
    private CursorHandle(CollectionHandle collection)
        : base(collection)
    {
    }

    /// <summary>Starts a <c>find</c>; the query is sent, and its errors surface, on the first read.</summary>
    public static CursorHandle Find(CollectionHandle collection, BsonHandle filter, BsonHandle options)
    {
        var cursor = new CursorHandle(collection);
        cursor.Acquire(() => LibMongoc.mongoc_collection_find_with_opts(collection, filter, options, IntPtr.Zero));
        return cursor;
    }

    /// <summary>Reads every remaining document as relaxed extended JSON.</summary>
    /// <exception cref="MongoException">The query failed on the server or in the driver.</exception>
    public List<string> ReadAll()
    {
        var documents = new List<string>();
        while (LibMongoc.mongoc_cursor_next(this, out IntPtr document))
        {
            documents.Add(BsonHandle.ToRelaxedJson(document));
        }

        if (LibMongoc.mongoc_cursor_error(this, out BsonError error))
        {
            throw error.ToException();
        }

        return documents;
    }

    protected override void Release(IntPtr native, IntPtr owner) => LibMongoc.mongoc_cursor_destroy(native);
}
