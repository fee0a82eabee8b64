using System.Text.Json.Nodes;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// Bodies of the five operations that take one. A valid body succeeds on the seeds. A doomed
/// body has every field of its schema, well typed, and one value that makes the broker refuse
/// it on any route (a plan or service that does not exist, a plan id already taken): it is the
/// template that hostile variations start from, so that none of them can succeed by accident.
/// </summary>
public static class RequestBodies
{
    public const string NoSuchPlan = "hostile-no-such-plan";
    public const string NoSuchService = "hostile-no-such-service";

    public static JsonObject ValidProvision() => new()
    {
        ["service_id"] = TestPlans.Service,
        ["plan_id"] = TestPlans.Sync,
        ["organization_guid"] = "org",
        ["space_guid"] = "space",
        ["context"] = new JsonObject { ["platform"] = "cloudfoundry" },
        ["parameters"] = new JsonObject { ["size"] = 2 },
    };

    public static JsonObject DoomedProvision() => new()
    {
        ["service_id"] = TestPlans.Service,
        ["plan_id"] = NoSuchPlan,
        ["organization_guid"] = "org",
        ["space_guid"] = "space",
        ["context"] = new JsonObject { ["platform"] = "cloudfoundry", ["organization_name"] = "org" },
        ["parameters"] = new JsonObject { ["size"] = 2 },
        ["maintenance_info"] = new JsonObject { ["version"] = "1.0.0", ["description"] = "current" },
    };

    public static JsonObject ValidUpdate() => new()
    {
        ["service_id"] = TestPlans.Service,
        ["parameters"] = new JsonObject { ["size"] = 4 },
    };

    public static JsonObject DoomedUpdate() => new()
    {
        ["service_id"] = NoSuchService,
        ["plan_id"] = TestPlans.Sync,
        ["context"] = new JsonObject { ["platform"] = "cloudfoundry" },
        ["parameters"] = new JsonObject { ["size"] = 4 },
        ["previous_values"] = new JsonObject
        {
            ["service_id"] = TestPlans.Service,
            ["plan_id"] = TestPlans.Sync,
            ["organization_id"] = "org",
            ["space_id"] = "space",
            ["maintenance_info"] = new JsonObject { ["version"] = "1.0.0" },
        },
        ["maintenance_info"] = new JsonObject { ["version"] = "1.0.0", ["description"] = "current" },
    };

    public static JsonObject ValidBind() => new()
    {
        ["service_id"] = TestPlans.Service,
        ["plan_id"] = TestPlans.Sync,
        ["bind_resource"] = new JsonObject { ["app_guid"] = "app" },
        ["parameters"] = new JsonObject { ["role"] = "reader" },
    };

    public static JsonObject DoomedBind() => new()
    {
        ["service_id"] = TestPlans.Service,
        ["plan_id"] = NoSuchPlan,
        ["context"] = new JsonObject { ["platform"] = "cloudfoundry" },
        ["app_guid"] = "app",
        ["bind_resource"] = new JsonObject { ["app_guid"] = "app", ["route"] = "app.example.com" },
        ["parameters"] = new JsonObject { ["role"] = "reader" },
        ["predecessor_binding_id"] = Seeds.Binding,
    };

    public static JsonObject ValidServiceType() => Seeds.ServiceTypeDeclaration("The seeded service type, declared again.");

    /// <summary>A new offering whose plan takes the id of a plan of the test catalog: always refused.</summary>
    public static JsonObject DoomedServiceType() => new()
    {
        ["id"] = "hostile-doomed-service",
        ["name"] = "hostile-doomed-service",
        ["short_name"] = "doomed",
        ["description"] = "Never registered.",
        ["tags"] = new JsonArray("a", "b"),
        ["requires"] = new JsonArray("syslog_drain"),
        ["bindable"] = true,
        ["instances_retrievable"] = true,
        ["bindings_retrievable"] = true,
        ["allow_context_updates"] = true,
        ["metadata"] = new JsonObject { ["displayName"] = "Doomed" },
        ["dashboard_client"] = new JsonObject { ["id"] = "client", ["secret"] = "secret", ["redirect_uri"] = "https://example.com" },
        ["plan_updateable"] = true,
        ["plans"] = new JsonArray(new JsonObject
        {
            ["id"] = TestPlans.Sync,
            ["name"] = "doomed",
            ["description"] = "Its id is taken.",
            ["metadata"] = new JsonObject { ["cost"] = 0 },
            ["free"] = true,
            ["bindable"] = true,
            ["binding_rotatable"] = false,
            ["plan_updateable"] = true,
            ["schemas"] = new JsonObject
            {
                ["service_instance"] = new JsonObject
                {
                    ["create"] = new JsonObject { ["parameters"] = Schema() },
                    ["update"] = new JsonObject { ["parameters"] = Schema() },
                },
                ["service_binding"] = new JsonObject { ["create"] = new JsonObject { ["parameters"] = Schema() } },
            },
            ["maximum_polling_duration"] = 60,
            ["maintenance_info"] = new JsonObject { ["version"] = "1.0.0", ["description"] = "first" },
            ["manifest"] = new JsonObject { ["type"] = "dummy", ["config"] = new JsonObject { ["delay_seconds"] = 0 } },
        }),
    };

    public static JsonObject ValidManifest() => Seeds.ManifestDeclaration(0.1);

    public static JsonObject DoomedManifest() => new()
    {
        ["id"] = "hostile-doomed-manifest",
        ["service_id"] = NoSuchService,
        ["plan_id"] = TestPlans.Sync,
        ["manifest_type"] = "dummy",
        ["manifest_content"] = "services: {}",
        ["endpoints"] = new JsonObject { ["web"] = 80 },
        ["config"] = new JsonObject { ["delay_seconds"] = 0 },
    };

    private static JsonObject Schema() => new()
    {
        ["$schema"] = "http://json-schema.org/draft-04/schema#",
        ["type"] = "object",
        ["properties"] = new JsonObject { ["size"] = new JsonObject { ["type"] = "integer", ["pattern"] = "^[0-9]+$" } },
    };
}
