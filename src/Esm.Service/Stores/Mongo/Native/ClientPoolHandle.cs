using Microsoft.Win32.SafeHandles;

namespace Esm.Service.Stores.Mongo.Native;

/// <summary>
/// Owns a thread-safe <c>mongoc_client_pool_t</c>. Each <see cref="ClientHandle"/> keeps a reference on it,
/// so the pool is destroyed only once every client it lent out has been pushed back.
/// </summary>
internal sealed class ClientPoolHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private ClientPoolHandle()
        : base(ownsHandle: true)
    {
    }

    /// <exception cref="MongoException">libmongoc cannot build a pool for the URI (for example TLS requested but unsupported).</exception>
    public static ClientPoolHandle Create(UriHandle uri)
    {
        var pool = new ClientPoolHandle();
        pool.SetHandle(LibMongoc.mongoc_client_pool_new_with_error(uri, out BsonError error));
        if (pool.IsInvalid)
        {
            pool.Dispose();
            throw error.ToException();
        }

        // Must happen before the first pop; version 2 reports server errors with the server's own codes.
        if (!LibMongoc.mongoc_client_pool_set_error_api(pool, LibMongoc.ErrorApiVersion2))
        {
            pool.Dispose();
            throw new InvalidOperationException("libmongoc refused to switch the client pool to error API version 2.");
        }

        return pool;
    }

    protected override bool ReleaseHandle()
    {
        LibMongoc.mongoc_client_pool_destroy(handle);
        return true;
    }
}
