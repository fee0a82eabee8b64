using System.Text.Json.Nodes;
using Esm.Service.Broker;
using Esm.Service.Model;

namespace Esm.Bench;

/// <summary>
/// An instance of the async plan as the broker stores it once its provision has succeeded: the
/// same fields, fingerprint and recorded request as one provisioned through the API, so that the
/// seeded store weighs what a real one does and the broker serves its records unchanged.
/// </summary>
internal static class SeededInstance
{
    public static ServiceInstanceRecord Create(string instanceId, DateTimeOffset now)
    {
        var attributes = new JsonObject
        {
            ["service_id"] = BenchCatalog.ServiceId,
            ["plan_id"] = BenchCatalog.AsyncPlanId,
            ["organization_guid"] = BenchCatalog.OrganizationGuid,
            ["space_guid"] = BenchCatalog.SpaceGuid,
            ["context"] = BenchCatalog.Context(),
            ["parameters"] = null,
            ["maintenance_version"] = null,
        };
        var fingerprint = RequestFingerprint.Of(attributes);
        var provision = Operation.Start(OperationKind.Provision, async: true, now, requestedBy: null, fingerprint);
        return new ServiceInstanceRecord
        {
            InstanceId = instanceId,
            ServiceId = BenchCatalog.ServiceId,
            PlanId = BenchCatalog.AsyncPlanId,
            OrganizationGuid = BenchCatalog.OrganizationGuid,
            SpaceGuid = BenchCatalog.SpaceGuid,
            Context = BenchCatalog.Context(),
            State = InstanceState.Ready,
            ProvisionFingerprint = fingerprint,
            LastOperation = provision.Succeeded("The dream is ready.", now),
            // What the dummy backend records of a provision request.
            BackendState = new JsonObject
            {
                ["recorded"] = new JsonObject
                {
                    ["service_id"] = BenchCatalog.ServiceId,
                    ["plan_id"] = BenchCatalog.AsyncPlanId,
                    ["organization_guid"] = BenchCatalog.OrganizationGuid,
                    ["space_guid"] = BenchCatalog.SpaceGuid,
                    ["context"] = BenchCatalog.Context(),
                    ["parameters"] = null,
                    ["originating_identity"] = null,
                },
            },
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
