using System.Text.Json;
using System.Text.Json.Serialization;

namespace Esm.Client;

/// <summary>
/// The JSON settings of every generated client: optional fields left unset are omitted (not sent
/// as null) and enums use their OSB spellings ("in progress", "route_forwarding").
/// </summary>
internal static class ClientJsonSettings
{
    public static void Apply(JsonSerializerOptions settings)
    {
        settings.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        settings.Converters.Add(new JsonStringEnumConverter());
    }
}

/// <summary>Calls GET /v2/catalog.</summary>
public partial class CatalogClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ClientJsonSettings.Apply(settings);
}

/// <summary>Provisions, updates, fetches and deprovisions Service Instances.</summary>
public partial class ServiceInstancesClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ClientJsonSettings.Apply(settings);
}

/// <summary>Creates, fetches and deletes Service Bindings.</summary>
public partial class ServiceBindingsClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ClientJsonSettings.Apply(settings);
}

/// <summary>Registers, lists and removes service types (operator principal).</summary>
public partial class OperatorCatalogClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ClientJsonSettings.Apply(settings);
}

/// <summary>Manages the manifest that realises each plan (operator principal).</summary>
public partial class OperatorManifestsClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ClientJsonSettings.Apply(settings);
}

/// <summary>Lists and inspects instances, and recreates them (operator principal).</summary>
public partial class OperatorInstancesClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ClientJsonSettings.Apply(settings);
}
