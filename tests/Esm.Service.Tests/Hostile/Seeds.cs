using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// What each hostile fixture puts in the store before the attack, so that hostile requests have
/// real things to aim at: an instance with a binding (from the test catalog), and an operator
/// registered service type whose plan has a manifest.
/// </summary>
public static class Seeds
{
    public const string Instance = "hostile-seed";
    public const string Binding = "hostile-seed-binding";
    public const string ServiceType = "hostile-seed-service";
    public const string Plan = "hostile-seed-plan";
    public const string Manifest = "hostile-seed-manifest";

    /// <summary>Every id the store holds or the catalog names: a hostile id is none of them.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(
        [Instance, Binding, ServiceType, Plan, Manifest, TestPlans.Service, TestPlans.Sync, TestPlans.NoContextService, TestPlans.NoContextPlan],
        StringComparer.Ordinal);

    public static JsonObject ServiceTypeDeclaration(string description) => new()
    {
        ["id"] = ServiceType,
        ["name"] = ServiceType,
        ["short_name"] = "hostile",
        ["description"] = description,
        ["bindable"] = true,
        ["plans"] = new JsonArray(new JsonObject { ["id"] = Plan, ["name"] = "seed", ["description"] = "The seeded plan." }),
    };

    public static JsonObject ManifestDeclaration(double delaySeconds) => new()
    {
        ["service_id"] = ServiceType,
        ["plan_id"] = Plan,
        ["manifest_type"] = "dummy",
        ["config"] = new JsonObject { ["delay_seconds"] = delaySeconds },
    };

    public static async Task PlantAsync(HostileBroker broker)
    {
        await PutAsync(broker.Platform.Http, $"/v2/service_instances/{Instance}", new JsonObject
        {
            ["service_id"] = TestPlans.Service,
            ["plan_id"] = TestPlans.Sync,
            ["organization_guid"] = "org",
            ["space_guid"] = "space",
            ["parameters"] = new JsonObject { ["size"] = 3 },
        });
        await PutAsync(broker.Platform.Http, $"/v2/service_instances/{Instance}/service_bindings/{Binding}", new JsonObject
        {
            ["service_id"] = TestPlans.Service,
            ["plan_id"] = TestPlans.Sync,
        });
        await PutAsync(broker.Operator.Http, "/v2/et/catalog", ServiceTypeDeclaration("The seeded service type."));
        await PutAsync(broker.Operator.Http, $"/v2/et/manifest/{Manifest}", ManifestDeclaration(0));
    }

    private static async Task PutAsync(HttpClient http, string path, JsonObject body)
    {
        var response = await http.PutAsync(new Uri(path, UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), $"seeding {path}: {await response.Content.ReadAsStringAsync()}");
    }
}
