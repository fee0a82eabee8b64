using Esm.Api.Generated;
using Esm.Service.Broker;
using Esm.Service.Catalog;
using Esm.Service.Contract;
using Microsoft.AspNetCore.Mvc;

namespace Esm.Service.Endpoints.Operator;

/// <summary>/v2/et/manifest: the manifest that realises each plan.</summary>
public sealed class OperatorManifestsEndpoint(ManifestRegistry registry, TimeProvider clock) : IOperatorManifestsController
{
    public async Task<ActionResult<ICollection<Manifest>>> ListManifestsAsync(CancellationToken cancellationToken) =>
        new OsbResult(StatusCodes.Status200OK, (await registry.ListAsync(cancellationToken)).Select(ManifestDtos.ToDto).ToList());

    public async Task<ActionResult<Manifest>> GetManifestAsync(string manifest_id, CancellationToken cancellationToken) =>
        new OsbResult(StatusCodes.Status200OK, ManifestDtos.ToDto(await registry.GetAsync(manifest_id, cancellationToken)));

    public async Task<ActionResult<Manifest>> PutManifestAsync(Manifest body, string manifest_id, CancellationToken cancellationToken)
    {
        RequestChecks.RequireText(body.Service_id, "service_id");
        RequestChecks.RequireText(body.Plan_id, "plan_id");
        RequestChecks.RequireText(body.Manifest_type, "manifest_type");
        var (created, written) = await registry.PutAsync(ManifestDtos.ToPlanManifest(body, manifest_id, clock.GetUtcNow()), cancellationToken);
        return new OsbResult(created ? StatusCodes.Status201Created : StatusCodes.Status200OK, ManifestDtos.ToDto(written));
    }

    public async Task<ActionResult<AsyncOperation>> DeleteManifestAsync(string manifest_id, CancellationToken cancellationToken)
    {
        await registry.DeleteAsync(manifest_id, cancellationToken);
        return new OsbResult(StatusCodes.Status200OK, new AsyncOperation());
    }
}
