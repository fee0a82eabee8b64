using System.Text.Json.Nodes;
using Esm.Service.Model;

namespace Esm.Service.Tests.Stores;

/// <summary>Small builders for each record type the stores keep.</summary>
public static class TestRecords
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 30, 15, 123, TimeSpan.FromHours(1));

    public static RecordKind<ServiceInstanceRecord> Instances { get; } = new("instances", s => s.Instances, Instance, RichInstance);

    public static RecordKind<ServiceBindingRecord> Bindings { get; } = new("bindings", s => s.Bindings, Binding, RichBinding);

    public static RecordKind<ServiceTypeRecord> ServiceTypes { get; } = new("service_types", s => s.ServiceTypes, ServiceType, RichServiceType);

    public static RecordKind<PlanManifest> Manifests { get; } = new("manifests", s => s.Manifests, Manifest, RichManifest);

    public static ServiceInstanceRecord Instance(string id, int variant = 0) => new()
    {
        InstanceId = id,
        ServiceId = $"service-{variant % 2}",
        PlanId = $"plan-{variant % 3}",
        State = variant % 7 == 6 ? InstanceState.Deleted : InstanceState.Ready,
        ProvisionFingerprint = $"fingerprint-{variant}",
        LastOperation = Operation(OperationKind.Provision, variant),
        CreatedAt = Now,
        UpdatedAt = Now.AddSeconds(variant),
    };

    /// <summary>The instance id comes from the id (so the key does), spread over three instances.</summary>
    public static ServiceBindingRecord Binding(string id, int variant = 0) => new()
    {
        InstanceId = $"instance-{id.Sum(c => c) % 3}",
        BindingId = id,
        ServiceId = "service-0",
        PlanId = "plan-0",
        State = BindingState.Ready,
        BindFingerprint = $"fingerprint-{variant}",
        LastOperation = Operation(OperationKind.Bind, variant),
        CreatedAt = Now,
        UpdatedAt = Now.AddSeconds(variant),
    };

    public static ServiceTypeRecord ServiceType(string id, int variant = 0) => new()
    {
        ServiceId = id,
        Name = $"name-{variant % 4}",
        Declared = new JsonObject { ["id"] = id, ["variant"] = variant },
        Origin = ServiceTypeRecord.OperatorApi,
        UpdatedAt = Now.AddSeconds(variant),
    };

    public static PlanManifest Manifest(string id, int variant = 0) => new()
    {
        ManifestId = id,
        ServiceId = $"service-{variant % 2}",
        PlanId = $"plan-{variant % 3}",
        ManifestType = "docker-compose",
        ManifestContent = $"services: {{}} # {variant}",
        UpdatedAt = Now.AddSeconds(variant),
    };

    /// <summary>
    /// JSON that a careless store would alter: deep nesting, unicode (astral and line separators),
    /// numbers beyond long and double precision, an explicit null, empty containers.
    /// </summary>
    public static JsonObject RichJson() => JsonNode.Parse("""
        {
          "nested": { "deeper": { "list": [1, 2.5, -0.0, "x", true, false, null, { "k": "v" }, []] } },
          "unicode": "ünïcødé ✓ 日本語 😀 \u2028 \"quoted\" \\ \t end",
          "😀 key": "astral key",
          "big": 123456789012345678901234567890,
          "precise": 0.1000000000000000055511151231257827021181583404541015625,
          "max_long": 9223372036854775807,
          "tiny": 1e-320,
          "explicit_null": null,
          "empty_object": {},
          "empty_array": []
        }
        """)!.AsObject();

    /// <summary>The same text as <see cref="RichJson"/>'s "unicode" value, to check it decodes to what was meant.</summary>
    public const string RichUnicode = "ünïcødé ✓ 日本語 😀 \u2028 \"quoted\" \\ \t end";

    /// <summary>Every JSON member set, so that the tests of JSON content reach each one.</summary>
    private static ServiceInstanceRecord RichInstance(string id) => Instance(id) with
    {
        OrganizationGuid = "org-ü",
        Parameters = RichJson(),
        Context = RichJson(),
        OriginatingIdentity = new OriginatingIdentity("cloudfoundry", RichJson()),
        MetadataLabels = RichJson(),
        MetadataAttributes = RichJson(),
        BackendState = RichJson(),
        LastOperation = RichOperation(OperationKind.Update, 2),
        History =
        [
            RichOperation(OperationKind.Update, 1) with { Change = new InstanceChange { Parameters = RichJson(), PlanId = "plan-1" } },
        ],
    };

    private static ServiceBindingRecord RichBinding(string id) => Binding(id) with
    {
        Parameters = RichJson(),
        Context = RichJson(),
        OriginatingIdentity = new OriginatingIdentity("cloudfoundry", RichJson()),
        BindResource = RichJson(),
        Result = RichJson(),
        ExpiresAt = Now.AddDays(1),
        LastOperation = RichOperation(OperationKind.Bind, 2),
    };

    private static ServiceTypeRecord RichServiceType(string id) => ServiceType(id) with { Declared = RichJson() };

    private static PlanManifest RichManifest(string id) => Manifest(id) with
    {
        ManifestContent = "services:\n  app:\n    image: \"ü😀\"\n",
        Endpoints = RichJson(),
        Config = RichJson(),
    };

    private static Operation RichOperation(OperationKind kind, int variant) => Operation(kind, variant) with
    {
        Change = new InstanceChange { Parameters = RichJson(), Context = RichJson() },
        RequestedBy = new OriginatingIdentity("kubernetes", RichJson()),
    };

    /// <summary>Every fifth variant has its operation still running, so some records hold "pending" and others do not.</summary>
    private static Operation Operation(OperationKind kind, int variant) => new()
    {
        Id = $"operation-{variant}",
        Kind = kind,
        State = variant % 5 == 0 ? OperationState.InProgress : OperationState.Succeeded,
        Async = variant % 2 == 0,
        RequestFingerprint = $"request-{variant}",
        StartedAt = Now,
    };
}
