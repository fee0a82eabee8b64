using System.Text.Json.Nodes;
using Esm.Service.Failures;
using Esm.Service.Model;

namespace Esm.Service.Catalog;

/// <summary>/v2/et/catalog: operators register, replace and remove offerings (ESM's service types).</summary>
public sealed class OfferingRegistry(StoredCatalog catalog, CatalogChanges changes, CatalogValidation validation)
{
    private const string OperatorSource = "PUT /v2/et/catalog";

    public Task<IReadOnlyList<ServiceTypeRecord>> ListAsync(CancellationToken cancellationToken) => catalog.ServiceTypesAsync(cancellationToken);

    /// <summary>Registers or replaces an offering (and manifests given inline); true when it is new.</summary>
    public Task<(bool Created, ServiceTypeRecord Record)> RegisterAsync(JsonObject declared, CancellationToken cancellationToken)
    {
        declared.Remove("origin");
        var definition = CatalogValidation.Read(OperatorSource, declared);
        return changes.OneAtATimeAsync(async () =>
        {
            var current = await catalog.DefinitionsAsync(cancellationToken);
            var previous = current.FirstOrDefault(d => d.Offering.Id == definition.Offering.Id);
            var planIds = definition.Offering.Plans.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var removedPlan in previous?.Offering.Plans.Where(p => !planIds.Contains(p.Id)) ?? [])
            {
                if (await catalog.HasInstancesAsync(IndexedField.PlanId, removedPlan.Id, cancellationToken))
                {
                    throw new BrokerException(BrokerFailure.InUse, $"Plan '{removedPlan.Id}' still has instances; it cannot be removed from the offering.");
                }
            }

            // Manifests registered apart keep realising the plans the new declaration still has.
            var kept = previous?.Manifests.Where(m => planIds.Contains(m.PlanId) && definition.Manifests.All(n => n.PlanId != m.PlanId)) ?? [];
            var merged = definition with { Manifests = [.. definition.Manifests, .. kept] };
            await validation.RequireValidAsync([.. current.Where(d => d.Offering.Id != definition.Offering.Id), merged]);

            var record = await catalog.WriteServiceTypeAsync(definition, ServiceTypeRecord.OperatorApi, cancellationToken);
            await catalog.ReplaceManifestsAsync(definition.Offering.Id, merged.Manifests, cancellationToken);
            await catalog.ServeAsync(cancellationToken);
            return (previous is null, record);
        }, cancellationToken);
    }

    /// <summary>Removes an offering and its manifests; refused while it has instances.</summary>
    public Task RemoveAsync(string serviceId, CancellationToken cancellationToken) => changes.OneAtATimeAsync(async () =>
    {
        var record = await catalog.ServiceTypeAsync(serviceId, cancellationToken)
            ?? throw new BrokerException(BrokerFailure.NotFound, $"Service '{serviceId}' is not registered.");
        if (await catalog.HasInstancesAsync(IndexedField.ServiceId, serviceId, cancellationToken))
        {
            throw new BrokerException(BrokerFailure.InUse, $"Service '{serviceId}' has instances; deprovision them before removing it.");
        }

        await catalog.DeleteServiceTypeAsync(record, cancellationToken);
        await catalog.ServeAsync(cancellationToken);
        return true;
    }, cancellationToken);
}
