using System.Text;
using System.Text.Json.Nodes;

namespace Esm.Bench;

/// <summary>The ids of bench/catalog/bench/service.yaml and the request bodies the scenarios send.</summary>
internal static class BenchCatalog
{
    public const string ServiceId = "6a1e0c52-3f0b-4d8e-a3c4-1b9f7e2d5c01";

    /// <summary>Synchronous, bindable, no parameter schema.</summary>
    public const string SyncPlanId = "6a1e0c52-3f0b-4d8e-a3c4-1b9f7e2d5c11";

    /// <summary>Asynchronous provision (0.1 s), synchronous bind: the plan of the instances worked on.</summary>
    public const string AsyncPlanId = "6a1e0c52-3f0b-4d8e-a3c4-1b9f7e2d5c12";

    public const string OrganizationGuid = "bench-organization";

    public const string SpaceGuid = "bench-space";

    public static readonly byte[] SyncProvisionBody = Body(ProvisionAttributes(SyncPlanId));

    public static readonly byte[] AsyncProvisionBody = Body(ProvisionAttributes(AsyncPlanId));

    public static readonly byte[] SyncBindBody = Body(BindAttributes(SyncPlanId));

    public static readonly byte[] AsyncBindBody = Body(BindAttributes(AsyncPlanId));

    /// <summary>The Platform's context, as Cloud Foundry sends it.</summary>
    public static JsonObject Context() => new()
    {
        ["platform"] = "cloudfoundry",
        ["organization_guid"] = OrganizationGuid,
        ["space_guid"] = SpaceGuid,
    };

    /// <summary>The query of an unbind or deprovision of a sync-plan resource.</summary>
    public static string SyncPlanQuery => $"service_id={ServiceId}&plan_id={SyncPlanId}";

    private static JsonObject ProvisionAttributes(string planId) => new()
    {
        ["service_id"] = ServiceId,
        ["plan_id"] = planId,
        ["organization_guid"] = OrganizationGuid,
        ["space_guid"] = SpaceGuid,
        ["context"] = Context(),
    };

    private static JsonObject BindAttributes(string planId) => new()
    {
        ["service_id"] = ServiceId,
        ["plan_id"] = planId,
        ["bind_resource"] = new JsonObject { ["app_guid"] = "bench-app" },
        ["context"] = Context(),
    };

    private static byte[] Body(JsonObject attributes) => Encoding.UTF8.GetBytes(attributes.ToJsonString());
}
