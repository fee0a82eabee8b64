using System.Text.Json;
using System.Text.Json.Serialization;

namespace Esm.Service.Http;

/// <summary>The JSON settings of every body the broker reads or writes.</summary>
public static class BrokerJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions());

    /// <summary>Applies the broker's settings to options owned by someone else (MVC's, the client's).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        // Absent optional fields are omitted, never written as null: several platforms and
        // conformance checkers refuse unknown or null fields in responses.
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
