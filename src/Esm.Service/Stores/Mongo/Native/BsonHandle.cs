using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Esm.Service.Stores.Mongo.Native;

/// <summary>Owns a <c>bson_t</c>; subclasses differ in who allocated the struct and so in how it is freed.</summary>
internal abstract class BsonHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    protected BsonHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Renders the document as relaxed extended JSON.</summary>
    public string ToRelaxedJson()
    {
        bool referenced = false;
        try
        {
            DangerousAddRef(ref referenced);
            return ToRelaxedJson(handle);
        }
        finally
        {
            if (referenced)
            {
                DangerousRelease();
            }
        }
    }

    /// <summary>Renders a document this layer does not own (one a cursor yields) as relaxed extended JSON.</summary>
    public static string ToRelaxedJson(IntPtr document)
    {
        IntPtr json = LibBson.bson_as_relaxed_extended_json(document, out nuint length);
        if (json == IntPtr.Zero)
        {
            throw new InvalidOperationException("libbson could not render a BSON document as JSON: the document is corrupt.");
        }

        try
        {
            return Marshal.PtrToStringUTF8(json, checked((int)length));
        }
        finally
        {
            LibBson.bson_free(json);
        }
    }
}
