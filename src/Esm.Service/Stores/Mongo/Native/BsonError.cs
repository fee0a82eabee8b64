using System.Runtime.InteropServices;
using System.Text;

namespace Esm.Service.Stores.Mongo.Native;

/// <summary>The C driver's <c>bson_error_t</c> (512 bytes in libbson 1.23), filled in by a failing call.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BsonError
{
    public const int MessageSize = 504;

    public uint Domain;
    public uint Code;
    public fixed byte Message[MessageSize];

    public readonly string MessageText
    {
        get
        {
            fixed (byte* message = Message)
            {
                var bytes = new ReadOnlySpan<byte>(message, MessageSize);
                int end = bytes.IndexOf((byte)0);
                return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
            }
        }
    }

    public readonly MongoException ToException() => new(MessageText, (int)Domain, (int)Code);
}
