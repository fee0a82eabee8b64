using System.Runtime.InteropServices;

namespace Esm.Service.Stores.Mongo.Native;

/// <summary>The libmongoc 1.x functions this layer uses (Debian package <c>libmongoc-1.0-0</c>).</summary>
internal static unsafe partial class LibMongoc
{
    private const string Library = "libmongoc-1.0.so.0";

    /// <summary><c>MONGOC_ERROR_API_VERSION_2</c>: server errors get the server domain and the server's own code.</summary>
    public const int ErrorApiVersion2 = 2;

    public const string ServerSelectionTimeoutOption = "serverSelectionTimeoutMS";

    // mongoc_cleanup is deliberately never called: handles may be finalized late in the process's life,
    // and the OS reclaims the driver's global state at exit anyway.
    private static readonly Lazy<bool> Initialized = new(() =>
    {
        mongoc_init();
        MongocLog.Install();
        return true;
    });

    /// <summary>Runs <c>mongoc_init</c> exactly once per process, before the first driver object is created.</summary>
    public static void EnsureInitialized() => _ = Initialized.Value;

    [LibraryImport(Library)]
    private static partial void mongoc_init();

    [LibraryImport(Library)]
    public static partial void mongoc_log_set_handler(delegate* unmanaged[Cdecl]<int, byte*, byte*, void*, void> handler, void* userData);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr mongoc_uri_new_with_error(string uri, out BsonError error);

    [LibraryImport(Library)]
    public static partial void mongoc_uri_destroy(IntPtr uri);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mongoc_uri_get_option_as_int32(UriHandle uri, string option, int fallback);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool mongoc_uri_set_option_as_int32(UriHandle uri, string option, int value);

    [LibraryImport(Library)]
    public static partial IntPtr mongoc_client_pool_new_with_error(UriHandle uri, out BsonError error);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool mongoc_client_pool_set_error_api(ClientPoolHandle pool, int version);

    [LibraryImport(Library)]
    public static partial void mongoc_client_pool_destroy(IntPtr pool);

    /// <summary>Blocks while the pool already lent out <c>maxPoolSize</c> clients.</summary>
    [LibraryImport(Library)]
    public static partial IntPtr mongoc_client_pool_pop(ClientPoolHandle pool);

    [LibraryImport(Library)]
    public static partial void mongoc_client_pool_push(IntPtr pool, IntPtr client);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool mongoc_client_command_simple(
        ClientHandle client, string database, BsonHandle command, IntPtr readPrefs, BsonReplyHandle reply, out BsonError error);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr mongoc_client_get_collection(ClientHandle client, string database, string collection);

    [LibraryImport(Library)]
    public static partial void mongoc_collection_destroy(IntPtr collection);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool mongoc_collection_write_command_with_opts(
        CollectionHandle collection, BsonHandle command, BsonHandle options, BsonReplyHandle reply, out BsonError error);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool mongoc_collection_insert_one(
        CollectionHandle collection, BsonHandle document, BsonHandle options, BsonReplyHandle reply, out BsonError error);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool mongoc_collection_update_one(
        CollectionHandle collection, BsonHandle filter, BsonHandle update, BsonHandle options, BsonReplyHandle reply, out BsonError error);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool mongoc_collection_delete_one(
        CollectionHandle collection, BsonHandle filter, BsonHandle options, BsonReplyHandle reply, out BsonError error);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool mongoc_collection_delete_many(
        CollectionHandle collection, BsonHandle filter, BsonHandle options, BsonReplyHandle reply, out BsonError error);

    /// <summary>Returns the count, or -1 with <paramref name="error"/> filled in.</summary>
    [LibraryImport(Library)]
    public static partial long mongoc_collection_count_documents(
        CollectionHandle collection, BsonHandle filter, BsonHandle options, IntPtr readPrefs, BsonReplyHandle reply, out BsonError error);

    /// <summary>Never returns null: errors surface from <see cref="mongoc_cursor_error"/>.</summary>
    [LibraryImport(Library)]
    public static partial IntPtr mongoc_collection_find_with_opts(
        CollectionHandle collection, BsonHandle filter, BsonHandle options, IntPtr readPrefs);

    [LibraryImport(Library)]
    public static partial void mongoc_cursor_destroy(IntPtr cursor);

    /// <summary>The document it yields belongs to the cursor and is valid only until the next call.</summary>
    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool mongoc_cursor_next(CursorHandle cursor, out IntPtr document);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool mongoc_cursor_error(CursorHandle cursor, out BsonError error);
}
