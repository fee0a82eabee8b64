using System.Text.Json;
using System.Text.Json.Serialization;

namespace Esm.Service.Stores;

/// <summary>How records are written to a store: camel-case-free, stable, enum names as text.</summary>
public static class StoreJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },

        // Records hold JSON text (request fingerprints); escaping its quotes as \u0022 only makes
        // records larger. Stored JSON is never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Serialize<T>(T record) => JsonSerializer.SerializeToUtf8Bytes(record, Options);

    public static T Deserialize<T>(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"a stored {typeof(T).Name} is null");
}
