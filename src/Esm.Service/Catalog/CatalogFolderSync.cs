using Esm.Service.Backends;
using Esm.Service.Model;

namespace Esm.Service.Catalog;

/// <summary>
/// Applies the catalog folder over the store at every start: the folder is the operator's
/// declared state, so it wins over changes made through the API to the same offering, and an
/// offering that left the folder is removed (unless it still has instances, which is logged).
/// Offerings registered only through the API are kept.
/// </summary>
public sealed class CatalogFolderSync(StoredCatalog catalog, CatalogChanges changes, BackendRegistry backends, ILogger<CatalogFolderSync> logger)
{
    /// <exception cref="CatalogException">The folder is invalid: every problem, by file and field.</exception>
    public async Task ApplyAsync(IReadOnlyList<ServiceDefinition> folder, CancellationToken cancellationToken)
    {
        // The whole folder first, with a manifest for every plan: a folder with any problem changes nothing.
        await new CatalogBuilder(backends).BuildAsync(folder);
        await changes.OneAtATimeAsync(async () =>
        {
            foreach (var definition in folder)
            {
                await catalog.WriteServiceTypeAsync(definition, ServiceTypeRecord.CatalogFolder, cancellationToken);
                await catalog.ReplaceManifestsAsync(definition.Offering.Id, definition.Manifests, cancellationToken);
            }

            var declared = folder.Select(d => d.Offering.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var stale in (await catalog.ServiceTypesAsync(cancellationToken)).Where(t => t.Origin == ServiceTypeRecord.CatalogFolder && !declared.Contains(t.ServiceId)))
            {
                if (await catalog.HasInstancesAsync(IndexedField.ServiceId, stale.ServiceId, cancellationToken))
                {
                    logger.LogWarning("Offering {ServiceId} left the catalog folder but still has instances; it stays until they are deprovisioned.", stale.ServiceId);
                    continue;
                }

                await catalog.DeleteServiceTypeAsync(stale, cancellationToken);
                logger.LogInformation("Offering {ServiceId} left the catalog folder and was removed.", stale.ServiceId);
            }

            await catalog.ServeAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }
}
