using System.Text.Json;
using System.Text.Json.Nodes;
using Esm.Service.Http;

namespace Esm.Service.Endpoints;

/// <summary>Moves free-form JSON objects between the generated DTOs and the domain's JSON nodes.</summary>
public static class JsonShapes
{
    public static JsonObject? ToNode(IDictionary<string, JsonElement>? value) =>
        value is null ? null : JsonSerializer.SerializeToNode(value, BrokerJson.Options)?.AsObject();

    /// <summary>A DTO (with its extension fields) as a JSON object.</summary>
    public static JsonObject? FromDto<T>(T? value) where T : class =>
        value is null ? null : JsonSerializer.SerializeToNode(value, BrokerJson.Options)?.AsObject();

    public static IDictionary<string, JsonElement>? ToDictionary(JsonObject? value) =>
        value?.Deserialize<Dictionary<string, JsonElement>>(BrokerJson.Options);

    public static T? Convert<T>(JsonObject? value) => value is null ? default : value.Deserialize<T>(BrokerJson.Options);
}
