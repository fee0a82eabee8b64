using System.Text.Json;
using Esm.Service.Backends;
using Esm.Service.Contract;
using Esm.Service.Model;
using Esm.Service.Stores;

namespace Esm.Service.Catalog;

/// <summary>
/// The catalog's source of truth is the store: offerings (service types) and the manifests of
/// their plans, whoever declared them. This reads and writes them, and serves what the store
/// holds as the catalog in force.
/// </summary>
public sealed class StoredCatalog(IStore store, CatalogProvider provider, BackendRegistry backends, TimeProvider clock)
{
    /// <summary>Every offering in force with its manifests, as the catalog builder takes them.</summary>
    public async Task<IReadOnlyList<ServiceDefinition>> DefinitionsAsync(CancellationToken cancellationToken)
    {
        var manifests = await AllAsync(store.Manifests, cancellationToken);
        return [.. (await AllAsync(store.ServiceTypes, cancellationToken)).Select(type =>
            CatalogFolderLoader.FromJson($"service type '{type.ServiceId}' ({type.Origin})", type.Declared, folder: null) with
            {
                Manifests = [.. manifests.Where(m => m.ServiceId == type.ServiceId)],
            })];
    }

    /// <summary>Serves what the store holds now (at start, and after every change).</summary>
    public async Task ServeAsync(CancellationToken cancellationToken) =>
        provider.Replace(await new CatalogBuilder(backends).BuildAsync(await DefinitionsAsync(cancellationToken), requireManifests: false));

    public Task<IReadOnlyList<ServiceTypeRecord>> ServiceTypesAsync(CancellationToken cancellationToken) => AllAsync(store.ServiceTypes, cancellationToken);

    public Task<IReadOnlyList<PlanManifest>> ManifestsAsync(CancellationToken cancellationToken) => AllAsync(store.Manifests, cancellationToken);

    public Task<PlanManifest?> ManifestAsync(string manifestId, CancellationToken cancellationToken) => store.Manifests.GetAsync(manifestId, cancellationToken);

    public Task<ServiceTypeRecord?> ServiceTypeAsync(string serviceId, CancellationToken cancellationToken) => store.ServiceTypes.GetAsync(serviceId, cancellationToken);

    /// <summary>Writes the offering (without its manifests) over whatever the store has under its id.</summary>
    public async Task<ServiceTypeRecord> WriteServiceTypeAsync(ServiceDefinition definition, string origin, CancellationToken cancellationToken)
    {
        var record = new ServiceTypeRecord
        {
            ServiceId = definition.Offering.Id,
            Name = definition.Offering.Name,
            Declared = JsonSerializer.SerializeToNode(definition.Offering, BrokerJson.Options)!.AsObject(),
            Origin = origin,
            UpdatedAt = clock.GetUtcNow(),
        };
        while (true)
        {
            var existing = await store.ServiceTypes.GetAsync(record.ServiceId, cancellationToken);
            var written = existing is null
                ? await store.ServiceTypes.TryInsertAsync(record, cancellationToken)
                : await store.ServiceTypes.TryReplaceAsync(record with { Version = existing.Version }, cancellationToken);
            if (written is not null)
            {
                return written;
            }
        }
    }

    /// <summary>Makes the stored manifests of an offering exactly <paramref name="manifests"/>.</summary>
    public async Task ReplaceManifestsAsync(string serviceId, IReadOnlyList<PlanManifest> manifests, CancellationToken cancellationToken)
    {
        var stored = await AllAsync(store.Manifests, cancellationToken, RecordQuery.Matching(IndexedField.ServiceId, serviceId));
        foreach (var old in stored.Where(s => manifests.All(m => m.ManifestId != s.ManifestId)))
        {
            await store.Manifests.TryDeleteAsync(old.ManifestId, old.Version, cancellationToken);
        }

        foreach (var manifest in manifests)
        {
            var record = manifest with { UpdatedAt = clock.GetUtcNow() };
            var existing = stored.FirstOrDefault(s => s.ManifestId == manifest.ManifestId) ?? await store.Manifests.GetAsync(manifest.ManifestId, cancellationToken);
            _ = existing is null
                ? await store.Manifests.TryInsertAsync(record, cancellationToken)
                : await store.Manifests.TryReplaceAsync(record with { Version = existing.Version }, cancellationToken);
        }
    }

    /// <summary>Inserts the manifest, or writes it over the stored one it was read as; null when someone changed it meanwhile.</summary>
    public Task<PlanManifest?> WriteManifestAsync(PlanManifest manifest, PlanManifest? existing, CancellationToken cancellationToken) =>
        existing is null
            ? store.Manifests.TryInsertAsync(manifest, cancellationToken)
            : store.Manifests.TryReplaceAsync(manifest with { Version = existing.Version }, cancellationToken);

    public Task<bool> DeleteManifestAsync(PlanManifest manifest, CancellationToken cancellationToken) =>
        store.Manifests.TryDeleteAsync(manifest.ManifestId, manifest.Version, cancellationToken);

    /// <summary>Removes an offering and its manifests.</summary>
    public async Task DeleteServiceTypeAsync(ServiceTypeRecord record, CancellationToken cancellationToken)
    {
        await ReplaceManifestsAsync(record.ServiceId, [], cancellationToken);
        await store.ServiceTypes.TryDeleteAsync(record.ServiceId, record.Version, cancellationToken);
    }

    /// <summary>Whether live instances have <paramref name="field"/> (service_id or plan_id) equal to <paramref name="value"/>.</summary>
    public async Task<bool> HasInstancesAsync(string field, string value, CancellationToken cancellationToken)
    {
        var query = new RecordQuery(new Dictionary<string, string> { [field] = value, [IndexedField.Live] = "true" }, Limit: 1);
        return (await store.Instances.ListAsync(query, cancellationToken)).Items.Count > 0;
    }

    private static async Task<IReadOnlyList<T>> AllAsync<T>(IRecordCollection<T> records, CancellationToken cancellationToken, RecordQuery? query = null)
        where T : class, IStoredRecord<T>
    {
        var all = new List<T>();
        await foreach (var record in records.EnumerateAsync(query ?? RecordQuery.All(500), cancellationToken))
        {
            all.Add(record);
        }

        return all;
    }
}
