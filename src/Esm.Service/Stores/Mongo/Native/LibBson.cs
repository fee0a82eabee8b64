using System.Runtime.InteropServices;

namespace Esm.Service.Stores.Mongo.Native;

/// <summary>The libbson 1.x functions this layer uses (Debian package <c>libbson-1.0-0</c>).</summary>
internal static partial class LibBson
{
    private const string Library = "libbson-1.0.so.0";

    [LibraryImport(Library)]
    public static partial IntPtr bson_new();

    [LibraryImport(Library)]
    public static unsafe partial IntPtr bson_new_from_json(byte* data, nint length, out BsonError error);

    /// <summary>Initialises a caller-allocated <c>bson_t</c> (128 bytes, 128-byte aligned).</summary>
    [LibraryImport(Library)]
    public static partial void bson_init(IntPtr bson);

    /// <summary>Frees a document's buffer, and the <c>bson_t</c> itself when libbson allocated it.</summary>
    [LibraryImport(Library)]
    public static partial void bson_destroy(IntPtr bson);

    /// <summary>Returns a UTF-8 string that must be released with <see cref="bson_free"/>, or null if the document is corrupt.</summary>
    [LibraryImport(Library)]
    public static partial IntPtr bson_as_relaxed_extended_json(IntPtr bson, out nuint length);

    [LibraryImport(Library)]
    public static partial void bson_free(IntPtr memory);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool bson_append_utf8(BsonHandle bson, string key, int keyLength, string value, int valueLength);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool bson_append_document(BsonHandle bson, string key, int keyLength, BsonHandle value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool bson_append_array(BsonHandle bson, string key, int keyLength, BsonHandle array);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool bson_append_bool(BsonHandle bson, string key, int keyLength, [MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool bson_append_int32(BsonHandle bson, string key, int keyLength, int value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool bson_append_int64(BsonHandle bson, string key, int keyLength, long value);
}
