using System.ComponentModel.DataAnnotations;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Esm.Service.Contract;

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

        // Bodies are JSON for machines and people, never embedded in HTML: no need to escape ' or +.
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

        // System.Text.Json ignores the generated DTOs' required fields: a missing 'bindable' would
        // silently read as false. Make them required for reading too, so their absence is a 400
        // that names the field.
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RequireAnnotatedProperties } };
        return options;
    }

    private static void RequireAnnotatedProperties(JsonTypeInfo type)
    {
        if (type.Type.Namespace != typeof(Esm.Api.Generated.Error).Namespace)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            // NSwag marks required reference fields [Required] and leaves required value fields
            // non-nullable; optional value fields are generated nullable (nswag.json).
            var annotated = property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true;
            var requiredValue = property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null;
            if (annotated || requiredValue)
            {
                property.IsRequired = true;
            }
        }
    }
}
