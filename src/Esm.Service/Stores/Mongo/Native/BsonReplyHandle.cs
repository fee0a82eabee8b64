using System.Runtime.InteropServices;

namespace Esm.Service.Stores.Mongo.Native;

/// <summary>
/// A caller-allocated <c>bson_t</c> for the driver's <c>reply</c> out-parameters, which expect stack storage.
/// It is initialised empty up front so that it can be destroyed safely whether or not the driver wrote to it.
/// </summary>
internal sealed unsafe class BsonReplyHandle : BsonHandle
{
    // sizeof(bson_t) and its declared alignment in libbson 1.x.
    private const int BsonSize = 128;
    private const int BsonAlignment = 128;

    private BsonReplyHandle()
    {
    }

    public static BsonReplyHandle Create()
    {
        var reply = new BsonReplyHandle();
        reply.SetHandle((IntPtr)NativeMemory.AlignedAlloc(BsonSize, BsonAlignment));
        LibBson.bson_init(reply.handle);
        return reply;
    }

    protected override bool ReleaseHandle()
    {
        // bson_init marks the struct as not heap-allocated, so bson_destroy frees only the document's buffer.
        LibBson.bson_destroy(handle);
        NativeMemory.AlignedFree((void*)handle);
        return true;
    }
}
