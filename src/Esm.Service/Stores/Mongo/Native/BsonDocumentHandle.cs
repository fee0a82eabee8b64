using System.Runtime.InteropServices;
using System.Text;

namespace Esm.Service.Stores.Mongo.Native;

/// <summary>A <c>bson_t</c> allocated by libbson (<c>bson_new</c>, <c>bson_new_from_json</c>), built up by appending.</summary>
internal sealed class BsonDocumentHandle : BsonHandle
{
    // Lets libbson compute key lengths itself: every key this layer appends is a NUL-free literal.
    private const int NulTerminated = -1;

    private BsonDocumentHandle()
    {
    }

    public static BsonDocumentHandle Create()
    {
        var document = new BsonDocumentHandle();
        document.SetHandle(LibBson.bson_new());
        return document;
    }

    /// <summary>Parses relaxed or canonical extended JSON.</summary>
    /// <exception cref="ArgumentException"><paramref name="json"/> is not a JSON object libbson accepts; names <paramref name="parameterName"/>.</exception>
    public static unsafe BsonDocumentHandle Parse(string json, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(json, parameterName);
        byte[] utf8 = Encoding.UTF8.GetBytes(json);
        var document = new BsonDocumentHandle();
        BsonError error;
        // libbson aborts the process on a null pointer, which `fixed` yields for an empty array.
        fixed (byte* data = &MemoryMarshal.GetArrayDataReference(utf8))
        {
            document.SetHandle(LibBson.bson_new_from_json(data, utf8.Length, out error));
        }

        if (document.IsInvalid)
        {
            document.Dispose();
            throw new ArgumentException($"Not a valid extended JSON document: {error.MessageText}", parameterName);
        }

        return document;
    }

    public void Append(string key, BsonHandle document) =>
        EnsureAppended(LibBson.bson_append_document(this, key, NulTerminated, document), key);

    /// <summary>Appends <paramref name="array"/>, whose keys must be "0", "1", ..., as an array.</summary>
    public void AppendArray(string key, BsonHandle array) =>
        EnsureAppended(LibBson.bson_append_array(this, key, NulTerminated, array), key);

    public void Append(string key, string value) =>
        EnsureAppended(LibBson.bson_append_utf8(this, key, NulTerminated, value, Encoding.UTF8.GetByteCount(value)), key);

    public void Append(string key, bool value) =>
        EnsureAppended(LibBson.bson_append_bool(this, key, NulTerminated, value), key);

    public void Append(string key, int value) =>
        EnsureAppended(LibBson.bson_append_int32(this, key, NulTerminated, value), key);

    public void Append(string key, long value) =>
        EnsureAppended(LibBson.bson_append_int64(this, key, NulTerminated, value), key);

    protected override bool ReleaseHandle()
    {
        LibBson.bson_destroy(handle);
        return true;
    }

    // libbson refuses an append only when the document would outgrow BSON's size limit.
    private static void EnsureAppended(bool appended, string key)
    {
        if (!appended)
        {
            throw new InvalidOperationException($"libbson could not append '{key}': the document would exceed the maximum BSON size.");
        }
    }
}
