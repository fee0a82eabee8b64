using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Esm.Service.Contract;
using Esm.Service.Failures;
using Esm.Service.Model;

namespace Esm.Service.Endpoints;

/// <summary>Parses X-Broker-API-Originating-Identity: "platform base64(JSON object)"; malformed is a 400.</summary>
public static class OriginatingIdentityHeader
{
    public static OriginatingIdentity? Parse(string? header)
    {
        if (header is null)
        {
            return null;
        }

        var parts = header.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            throw Malformed("it must be a platform name, a space, and a base64-encoded JSON object");
        }

        JsonNode? value;
        try
        {
            value = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(parts[1])));
        }
        catch (FormatException)
        {
            throw Malformed("the value is not valid base64");
        }
        catch (JsonException)
        {
            throw Malformed("the decoded value is not JSON");
        }

        return value is JsonObject identity
            ? new OriginatingIdentity(parts[0], JsonShapes.RequireWellFormed(identity, "X-Broker-API-Originating-Identity"))
            : throw Malformed("the decoded value is not a JSON object");
    }

    private static BrokerException Malformed(string why) =>
        new(BrokerFailure.BadRequest, $"X-Broker-API-Originating-Identity is malformed: {why}.");
}
