using Esm.Service.Failures;
using Esm.Service.Model;

namespace Esm.Service.Catalog;

/// <summary>/v2/et/manifest: the manifest that realises each plan, registered apart from its offering.</summary>
public sealed class ManifestRegistry(StoredCatalog catalog, CatalogChanges changes, CatalogValidation validation)
{
    public Task<IReadOnlyList<PlanManifest>> ListAsync(CancellationToken cancellationToken) => catalog.ManifestsAsync(cancellationToken);

    public async Task<PlanManifest> GetAsync(string manifestId, CancellationToken cancellationToken) =>
        await catalog.ManifestAsync(manifestId, cancellationToken)
        ?? throw new BrokerException(BrokerFailure.NotFound, $"Manifest '{manifestId}' does not exist.");

    /// <summary>Creates or updates the manifest of one plan; true when it is new.</summary>
    public Task<(bool Created, PlanManifest Record)> PutAsync(PlanManifest manifest, CancellationToken cancellationToken) => changes.OneAtATimeAsync(async () =>
    {
        var definitions = await catalog.DefinitionsAsync(cancellationToken);
        var service = definitions.FirstOrDefault(d => d.Offering.Id == manifest.ServiceId)
            ?? throw new BrokerException(BrokerFailure.BadRequest, $"service_id '{manifest.ServiceId}' is not registered.");
        if (service.Offering.Plans.All(p => p.Id != manifest.PlanId))
        {
            throw new BrokerException(BrokerFailure.BadRequest, $"plan_id '{manifest.PlanId}' is not a plan of service '{manifest.ServiceId}'.");
        }

        validation.RequireValid(manifest);
        var other = service.Manifests.FirstOrDefault(m => m.PlanId == manifest.PlanId && m.ManifestId != manifest.ManifestId);
        if (other is not null)
        {
            throw new BrokerException(BrokerFailure.AlreadyExists, $"Plan '{manifest.PlanId}' is already realised by manifest '{other.ManifestId}'; delete it first or update that one.");
        }

        var existing = await catalog.ManifestAsync(manifest.ManifestId, cancellationToken);
        if (existing is not null && (existing.PlanId != manifest.PlanId || existing.ManifestType != manifest.ManifestType)
            && await catalog.HasInstancesAsync(IndexedField.PlanId, existing.PlanId, cancellationToken))
        {
            throw new BrokerException(BrokerFailure.InUse, $"Manifest '{manifest.ManifestId}' realises instances; its plan and type cannot change under them.");
        }

        var written = await catalog.WriteManifestAsync(manifest, existing, cancellationToken)
            ?? throw new BrokerException(BrokerFailure.ConcurrencyError, $"Manifest '{manifest.ManifestId}' was changed at the same time; try again.");
        await catalog.ServeAsync(cancellationToken);
        return (existing is null, written);
    }, cancellationToken);

    /// <summary>Removes a manifest; refused while instances of its plan exist.</summary>
    public Task DeleteAsync(string manifestId, CancellationToken cancellationToken) => changes.OneAtATimeAsync(async () =>
    {
        var manifest = await GetAsync(manifestId, cancellationToken);
        if (await catalog.HasInstancesAsync(IndexedField.PlanId, manifest.PlanId, cancellationToken))
        {
            throw new BrokerException(BrokerFailure.InUse, $"Manifest '{manifestId}' realises instances of plan '{manifest.PlanId}'; deprovision them first.");
        }

        await catalog.DeleteManifestAsync(manifest, cancellationToken);
        await catalog.ServeAsync(cancellationToken);
        return true;
    }, cancellationToken);
}
