namespace Esm.Service.Stores.Mongo.Native;

/// <summary>A <c>mongoc_client_t</c> borrowed from a pool; releasing it pushes it back.</summary>
internal sealed class ClientHandle : DependentHandle
{
    private ClientHandle(ClientPoolHandle pool)
        : base(pool)
    {
    }

    /// <summary>Borrows a client, blocking while the pool has lent out <c>maxPoolSize</c> clients.</summary>
    /// <exception cref="ObjectDisposedException">The pool has been disposed.</exception>
    public static ClientHandle Pop(ClientPoolHandle pool)
    {
        var client = new ClientHandle(pool);
        client.Acquire(() => LibMongoc.mongoc_client_pool_pop(pool));
        return client;
    }

    protected override void Release(IntPtr native, IntPtr owner) => LibMongoc.mongoc_client_pool_push(owner, native);
}
