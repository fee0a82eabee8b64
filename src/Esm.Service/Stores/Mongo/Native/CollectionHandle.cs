namespace Esm.Service.Stores.Mongo.Native;

/// <summary>A <c>mongoc_collection_t</c>, which uses its client's connection and so must not outlive it.</summary>
internal sealed class CollectionHandle : DependentHandle
{
    private CollectionHandle(ClientHandle client)
        : base(client)
    {
    }

    public static CollectionHandle Get(ClientHandle client, string database, string collection)
    {
        var handle = new CollectionHandle(client);
        handle.Acquire(() => LibMongoc.mongoc_client_get_collection(client, database, collection));
        return handle;
    }

    protected override void Release(IntPtr native, IntPtr owner) => LibMongoc.mongoc_collection_destroy(native);
}
