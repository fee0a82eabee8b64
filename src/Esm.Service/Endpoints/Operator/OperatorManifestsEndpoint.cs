using Esm.Api.Generated;
using Esm.Service.Broker;
using Esm.Service.Catalog;
using Esm.Service.Model;
using Microsoft.AspNetCore.Mvc;

namespace Esm.Service.Endpoints.Operator;

/// <summary>/v2/et/manifest: the manifest that realises each plan.</summary>
public sealed class OperatorManifestsEndpoint(CatalogRegistry registry, TimeProvider clock) : IOperatorManifestsController
{
    public async Task<ActionResult<ICollection<Manifest>>> ListManifestsAsync(CancellationToken cancellationToken) =>
        new OsbResult(StatusCodes.Status200OK, (await registry.ManifestsAsync(cancellationToken)).Select(ToDto).ToList());

    public async Task<ActionResult<Manifest>> GetManifestAsync(string manifest_id, CancellationToken cancellationToken)
    {
        var manifest = await registry.ManifestAsync(manifest_id, cancellationToken)
            ?? throw new BrokerException(BrokerFailure.NotFound, $"Manifest '{manifest_id}' does not exist.");
        return new OsbResult(StatusCodes.Status200OK, ToDto(manifest));
    }

    public async Task<ActionResult<Manifest>> PutManifestAsync(Manifest body, string manifest_id, CancellationToken cancellationToken)
    {
        ServiceInstanceBroker.RequireText(body.Service_id, "service_id");
        ServiceInstanceBroker.RequireText(body.Plan_id, "plan_id");
        ServiceInstanceBroker.RequireText(body.Manifest_type, "manifest_type");
        var record = new ManifestRecord
        {
            ManifestId = manifest_id,
            ServiceId = body.Service_id,
            PlanId = body.Plan_id,
            ManifestType = body.Manifest_type,
            ManifestContent = body.Manifest_content,
            Endpoints = JsonShapes.ToNode(body.Endpoints),
            Config = JsonShapes.ToNode(body.Config),
            UpdatedAt = clock.GetUtcNow(),
        };
        var (created, written) = await registry.PutManifestAsync(record, cancellationToken);
        return new OsbResult(created ? StatusCodes.Status201Created : StatusCodes.Status200OK, ToDto(written));
    }

    public async Task<ActionResult<AsyncOperation>> DeleteManifestAsync(string manifest_id, CancellationToken cancellationToken)
    {
        await registry.DeleteManifestAsync(manifest_id, cancellationToken);
        return new OsbResult(StatusCodes.Status200OK, new AsyncOperation());
    }

    private static Manifest ToDto(ManifestRecord record) => new()
    {
        Id = record.ManifestId,
        Service_id = record.ServiceId,
        Plan_id = record.PlanId,
        Manifest_type = record.ManifestType,
        Manifest_content = record.ManifestContent,
        Endpoints = JsonShapes.ToDictionary(record.Endpoints),
        Config = JsonShapes.ToDictionary(record.Config),
    };
}
