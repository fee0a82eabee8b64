using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Hostile;

/// <summary>Every operation of api.yaml: the ten of OSB and the ten of the operator API.</summary>
public static class ApiSurface
{
    private const string Instance = "/v2/service_instances/{instance_id}";
    private const string Binding = Instance + "/service_bindings/{binding_id}";

    public static readonly IReadOnlyList<ApiOperation> Operations =
    [
        Osb("GetCatalog", "GET", "/v2/catalog"),
        Osb("Provision", "PUT", Instance, Query(("accepts_incomplete", null)), [], RequestBodies.ValidProvision, RequestBodies.DoomedProvision),
        Osb("Update", "PATCH", Instance, Query(("accepts_incomplete", null)), ["instance_id"], RequestBodies.ValidUpdate, RequestBodies.DoomedUpdate),
        Osb("Deprovision", "DELETE", Instance, Query(("service_id", TestPlans.Service), ("plan_id", TestPlans.Sync), ("accepts_incomplete", null)), ["instance_id", "service_id", "plan_id"]),
        Osb("FetchInstance", "GET", Instance, Query(("service_id", TestPlans.Service), ("plan_id", TestPlans.Sync))),
        Osb("GetInstanceLastOperation", "GET", Instance + "/last_operation", Query(("service_id", TestPlans.Service), ("plan_id", TestPlans.Sync), ("operation", null))),
        Osb("Bind", "PUT", Binding, Query(("accepts_incomplete", null)), [], RequestBodies.ValidBind, RequestBodies.DoomedBind),
        Osb("Unbind", "DELETE", Binding, Query(("service_id", TestPlans.Service), ("plan_id", TestPlans.Sync), ("accepts_incomplete", null)), ["instance_id", "binding_id", "service_id", "plan_id"]),
        Osb("FetchBinding", "GET", Binding, Query(("service_id", TestPlans.Service), ("plan_id", TestPlans.Sync))),
        Osb("GetBindingLastOperation", "GET", Binding + "/last_operation", Query(("service_id", TestPlans.Service), ("plan_id", TestPlans.Sync), ("operation", null))),
        Et("RegisterServiceType", "PUT", "/v2/et/catalog", Query(), [], RequestBodies.ValidServiceType, RequestBodies.DoomedServiceType),
        Et("ListServiceTypes", "GET", "/v2/et/catalog"),
        Et("RemoveServiceType", "DELETE", "/v2/et/catalog", Query(("service_id", Seeds.ServiceType)), ["service_id"]),
        Et("ListManifests", "GET", "/v2/et/manifest"),
        Et("GetManifest", "GET", "/v2/et/manifest/{manifest_id}"),
        Et("PutManifest", "PUT", "/v2/et/manifest/{manifest_id}", Query(), [], RequestBodies.ValidManifest, RequestBodies.DoomedManifest),
        Et("DeleteManifest", "DELETE", "/v2/et/manifest/{manifest_id}", Query(), ["manifest_id"]),
        Et("ListInstances", "GET", "/v2/et/service_instances", Query(("service_id", null), ("plan_id", null), ("page_size", null), ("page_token", null))),
        Et("GetInstanceDetail", "GET", "/v2/et/service_instances/{instance_id}"),
        Et("RecreateInstance", "POST", "/v2/et/service_instances/{instance_id}/recreate", Query(), ["instance_id"]),
    ];

    public static IEnumerable<ApiOperation> WithBody => Operations.Where(o => o.HasBody);

    /// <summary>The methods api.yaml defines at a path: any other is odd there.</summary>
    public static IReadOnlySet<string> MethodsAt(string path) =>
        Operations.Where(o => o.Path == path).Select(o => o.Method).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static ApiOperation Osb(string name, string method, string path, IReadOnlyDictionary<string, string?>? query = null, IReadOnlyList<string>? targets = null, Func<System.Text.Json.Nodes.JsonObject>? valid = null, Func<System.Text.Json.Nodes.JsonObject>? doomed = null) =>
        new(name, method, path, Principal.Platform, query ?? Query(), targets ?? [], valid, doomed);

    private static ApiOperation Et(string name, string method, string path, IReadOnlyDictionary<string, string?>? query = null, IReadOnlyList<string>? targets = null, Func<System.Text.Json.Nodes.JsonObject>? valid = null, Func<System.Text.Json.Nodes.JsonObject>? doomed = null) =>
        new(name, method, path, Principal.Operator, query ?? Query(), targets ?? [], valid, doomed);

    private static Dictionary<string, string?> Query(params (string Name, string? SeedValue)[] parameters) =>
        parameters.ToDictionary(p => p.Name, p => p.SeedValue);
}
