using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Esm.Service.Broker;

/// <summary>
/// A hash of the canonical text of a request's attributes (object keys sorted, no whitespace), so
/// two requests are "identical" exactly when their JSON means the same, whatever the key order.
/// </summary>
/// <remarks>
/// Every record keeps its fingerprint, so it is the SHA-256 of the text rather than the text: a few
/// dozen bytes instead of hundreds, in memory and on disk. Records stored before kept the text
/// itself; <see cref="Same"/> still recognises their requests.
/// </remarks>
public static class RequestFingerprint
{
    private const string HashPrefix = "sha256:";

    /// <summary>Room for the attributes of a usual request; more grows the buffer.</summary>
    private const int InitialCapacity = 1024;

    /// <summary>A buffer grown past this (by huge parameters) is dropped after use rather than kept by its thread.</summary>
    private const int KeptCapacity = 16 * 1024;

    private static readonly Comparison<KeyValuePair<string, JsonNode?>> ByName = (a, b) => string.CompareOrdinal(a.Key, b.Key);

    /// <summary>
    /// Each thread writes into its own buffer and writer, kept between requests: a writer over a
    /// new stream allocates several kilobytes of buffers for a text of a few hundred bytes.
    /// </summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    public static string Of(JsonObject attributes)
    {
        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(InitialCapacity);
        var writer = _threadWriter ??= new Utf8JsonWriter(buffer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        Write(writer, attributes);
        writer.Flush();
        var fingerprint = HashOf(buffer.WrittenSpan);
        if (buffer.Capacity > KeptCapacity)
        {
            _threadBuffer = null;
            _threadWriter = null;
        }

        return fingerprint;
    }

    /// <summary>Whether a stored fingerprint and one <see cref="Of"/> just computed name the same request.</summary>
    public static bool Same(string stored, string computed) =>
        stored == computed
        || (!stored.StartsWith(HashPrefix, StringComparison.Ordinal) && HashOf(Encoding.UTF8.GetBytes(stored)) == computed);

    private static string HashOf(ReadOnlySpan<byte> canonical)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(canonical, hash);
        return HashPrefix + Convert.ToBase64String(hash);
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                var members = new KeyValuePair<string, JsonNode?>[obj.Count];
                ((ICollection<KeyValuePair<string, JsonNode?>>)obj).CopyTo(members, 0);
                Array.Sort(members, ByName);
                writer.WriteStartObject();
                foreach (var (name, value) in members)
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
