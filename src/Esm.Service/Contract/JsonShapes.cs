using System.Text.Json;
using System.Text.Json.Nodes;
using Esm.Service.Failures;

namespace Esm.Service.Contract;

/// <summary>Moves free-form JSON objects between the generated DTOs and the domain's JSON nodes.</summary>
public static class JsonShapes
{
    private const string RequestContent = "The request";

    /// <summary>
    /// Free-form JSON of a request as a JSON object whose members are nodes over the elements
    /// the request was read into, not over a copy written and parsed again.
    /// </summary>
    public static JsonObject? ToNode(IDictionary<string, JsonElement>? value)
    {
        if (value is null)
        {
            return null;
        }

        var node = new JsonObject();
        foreach (var (name, element) in value)
        {
            node.Add(name, NodeOf(element));
        }

        return RequireWellFormed(node, RequestContent);
    }

    /// <summary>
    /// <see cref="ToNode"/>, with an empty object read as none: <c>"parameters": {}</c> asks for
    /// nothing more than no parameters, so a re-sent request that adds or drops one is the same
    /// request, and an update with one changes nothing.
    /// </summary>
    public static JsonObject? ToNodeUnlessEmpty(IDictionary<string, JsonElement>? value) =>
        value is null || value.Count == 0 ? null : ToNode(value);

    /// <summary>A DTO (with its extension fields) as a JSON object.</summary>
    public static JsonObject? FromDto<T>(T? value) where T : class => value is null ? null : Serialize(value);

    public static IDictionary<string, JsonElement>? ToDictionary(JsonObject? value) =>
        value?.Deserialize<Dictionary<string, JsonElement>>(BrokerJson.Options);

    public static T? Convert<T>(JsonObject? value) => value is null ? default : value.Deserialize<T>(BrokerJson.Options);

    /// <summary>
    /// Free-form JSON from a request is kept as the text it came in, and fails only when it is
    /// first written or walked: on a string escaping half a UTF-16 surrogate pair ("\ud800"), or
    /// on an object naming a member twice. Both are the Platform's malformed request, so the
    /// node is written and walked here, where it enters the broker, and refused with a 400.
    /// </summary>
    /// <param name="what">What holds the node, for the error: "The request", a header's name.</param>
    public static TNode RequireWellFormed<TNode>(TNode node, string what) where TNode : JsonNode
    {
        try
        {
            _ = node.ToJsonString();
            Walk(node);
            return node;
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException)
        {
            throw NotUnicode(what);
        }
        catch (ArgumentException)
        {
            throw new BrokerException(BrokerFailure.BadRequest, $"{what} is malformed: an object in it names the same member twice.");
        }
    }

    private static JsonObject Serialize<T>(T value)
    {
        JsonObject node;
        try
        {
            node = JsonSerializer.SerializeToNode(value, BrokerJson.Options)!.AsObject();
        }
        catch (JsonException e) when (e.InnerException is InvalidOperationException)
        {
            throw NotUnicode(RequestContent);
        }

        return RequireWellFormed(node, RequestContent);
    }

    private static JsonNode? NodeOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(element),
        JsonValueKind.Array => JsonArray.Create(element),
        _ => JsonValue.Create(element),
    };

    private static void Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject members:
                foreach (var (_, value) in members)
                {
                    Walk(value);
                }

                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    Walk(item);
                }

                break;
        }
    }

    private static BrokerException NotUnicode(string what) =>
        new(BrokerFailure.BadRequest, $"{what} is malformed: a string in it is not valid Unicode (an unpaired surrogate escape).");
}
