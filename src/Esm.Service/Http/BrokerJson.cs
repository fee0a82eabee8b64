using System.Text.Json;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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

        // The generated DTOs mark required fields with [Required], which System.Text.Json
        // ignores: a missing required bool would silently read as false. Make them required for
        // reading too, so their absence is a 400 that names the field.
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RequireAnnotatedProperties } };
        return options;
    }

    private static void RequireAnnotatedProperties(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true)
            {
                property.IsRequired = true;
            }
        }
    }
}
