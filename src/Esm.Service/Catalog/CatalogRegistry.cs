using System.Text.Json;
using System.Text.Json.Nodes;
using Esm.Service.Backends;
using Esm.Service.Broker;
using Esm.Service.Http;
using Esm.Service.Model;
using Esm.Service.Stores;

namespace Esm.Service.Catalog;

/// <summary>
/// The catalog's source of truth is the store: offerings and manifests from the catalog folder
/// (re-applied at every start: the folder is the operator's declared state and wins over the
/// store) and those registered through the operator API (kept across restarts). Every change is
/// validated against the whole catalog and then served at once.
/// </summary>
public sealed class CatalogRegistry(IStore store, CatalogProvider provider, BackendRegistry backends, TimeProvider clock, ILogger<CatalogRegistry> logger)
{
    private const string OperatorSource = "PUT /v2/et/catalog";

    // Operator changes are rare: one at a time in this process keeps check-then-write simple;
    // compare-and-set on the records keeps replicas from overwriting each other.
    private readonly SemaphoreSlim _changes = new(1, 1);

    /// <summary>Writes the folder's offerings over the store's, removes folder offerings that left the folder, and serves the result.</summary>
    public async Task ApplyFolderAsync(IReadOnlyList<ServiceDefinition> folder, CancellationToken cancellationToken)
    {
        await new CatalogBuilder(backends).BuildAsync(folder);
        await _changes.WaitAsync(cancellationToken);
        try
        {
            foreach (var definition in folder)
            {
                await WriteServiceTypeAsync(definition, ServiceTypeRecord.CatalogFolder, cancellationToken);
                await ReplaceManifestsAsync(definition.Offering.Id, definition.Manifests, cancellationToken);
            }

            var declared = folder.Select(d => d.Offering.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var stale in (await AllAsync(store.ServiceTypes, cancellationToken)).Where(t => t.Origin == ServiceTypeRecord.CatalogFolder && !declared.Contains(t.ServiceId)))
            {
                if (await HasInstancesAsync(IndexedField.ServiceId, stale.ServiceId, cancellationToken))
                {
                    logger.LogWarning("Offering {ServiceId} left the catalog folder but still has instances; it stays until they are deprovisioned.", stale.ServiceId);
                    continue;
                }

                await DeleteServiceTypeAsync(stale, cancellationToken);
                logger.LogInformation("Offering {ServiceId} left the catalog folder and was removed.", stale.ServiceId);
            }

            await RebuildAsync(cancellationToken);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Serves what the store holds now (at start, and after every change).</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var definitions = await DefinitionsAsync(cancellationToken);
        provider.Replace(await new CatalogBuilder(backends).BuildAsync(definitions, requireManifests: false));
    }

    public Task<IReadOnlyList<ServiceTypeRecord>> ServiceTypesAsync(CancellationToken cancellationToken) => AllAsync(store.ServiceTypes, cancellationToken);

    public Task<IReadOnlyList<ManifestRecord>> ManifestsAsync(CancellationToken cancellationToken) => AllAsync(store.Manifests, cancellationToken);

    public Task<ManifestRecord?> ManifestAsync(string manifestId, CancellationToken cancellationToken) => store.Manifests.GetAsync(manifestId, cancellationToken);

    /// <summary>PUT /v2/et/catalog: registers or replaces an offering (and manifests given inline).</summary>
    public async Task<(bool Created, ServiceTypeRecord Record)> RegisterAsync(JsonObject declared, CancellationToken cancellationToken)
    {
        declared.Remove("origin");
        var definition = Refusing(() => CatalogFolderLoader.FromJson(OperatorSource, declared, folder: null));
        await _changes.WaitAsync(cancellationToken);
        try
        {
            var current = await DefinitionsAsync(cancellationToken);
            var previous = current.FirstOrDefault(d => d.Offering.Id == definition.Offering.Id);
            var planIds = definition.Offering.Plans.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var removedPlan in previous?.Offering.Plans.Where(p => !planIds.Contains(p.Id)) ?? [])
            {
                if (await HasInstancesAsync(IndexedField.PlanId, removedPlan.Id, cancellationToken))
                {
                    throw new BrokerException(BrokerFailure.AlreadyExists, $"Plan '{removedPlan.Id}' still has instances; it cannot be removed from the offering.");
                }
            }

            var kept = previous?.Manifests.Where(m => planIds.Contains(m.PlanId) && definition.Manifests.All(n => n.PlanId != m.PlanId)) ?? [];
            var merged = definition with { Manifests = [.. definition.Manifests, .. kept] };
            var next = current.Where(d => d.Offering.Id != definition.Offering.Id).Append(merged).ToList();
            await RefusingAsync(() => new CatalogBuilder(backends).BuildAsync(next, requireManifests: false));

            var record = await WriteServiceTypeAsync(definition, ServiceTypeRecord.OperatorApi, cancellationToken);
            await ReplaceManifestsAsync(definition.Offering.Id, merged.Manifests, cancellationToken);
            await RebuildAsync(cancellationToken);
            return (previous is null, record);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>DELETE /v2/et/catalog: removes an offering and its manifests; refused while it has instances.</summary>
    public async Task RemoveAsync(string serviceId, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            var record = await store.ServiceTypes.GetAsync(serviceId, cancellationToken)
                ?? throw new BrokerException(BrokerFailure.NotFound, $"Service '{serviceId}' is not registered.");
            if (await HasInstancesAsync(IndexedField.ServiceId, serviceId, cancellationToken))
            {
                throw new BrokerException(BrokerFailure.AlreadyExists, $"Service '{serviceId}' has instances; deprovision them before removing it.");
            }

            await DeleteServiceTypeAsync(record, cancellationToken);
            await RebuildAsync(cancellationToken);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>PUT /v2/et/manifest/{id}: creates or updates the manifest of one plan.</summary>
    public async Task<(bool Created, ManifestRecord Record)> PutManifestAsync(ManifestRecord manifest, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            var definitions = await DefinitionsAsync(cancellationToken);
            var service = definitions.FirstOrDefault(d => d.Offering.Id == manifest.ServiceId)
                ?? throw new BrokerException(BrokerFailure.BadRequest, $"service_id '{manifest.ServiceId}' is not registered.");
            if (service.Offering.Plans.All(p => p.Id != manifest.PlanId))
            {
                throw new BrokerException(BrokerFailure.BadRequest, $"plan_id '{manifest.PlanId}' is not a plan of service '{manifest.ServiceId}'.");
            }

            if (!backends.ManifestTypes.Contains(manifest.ManifestType))
            {
                throw new BrokerException(BrokerFailure.BadRequest, $"manifest_type '{manifest.ManifestType}' is not a backend of this broker ({string.Join(", ", backends.ManifestTypes.Order())}).");
            }

            var planManifest = ToPlanManifest(manifest);
            Refusing(() =>
            {
                planManifest.ValidateBrokerSettings();
                backends.For(manifest.ManifestType).ValidateManifest(planManifest);
                return planManifest;
            });

            var other = service.Manifests.FirstOrDefault(m => m.PlanId == manifest.PlanId && m.Id != manifest.ManifestId);
            if (other is not null)
            {
                throw new BrokerException(BrokerFailure.AlreadyExists, $"Plan '{manifest.PlanId}' is already realised by manifest '{other.Id}'; delete it first or update that one.");
            }

            var existing = await store.Manifests.GetAsync(manifest.ManifestId, cancellationToken);
            if (existing is not null && (existing.PlanId != manifest.PlanId || existing.ManifestType != manifest.ManifestType)
                && await HasInstancesAsync(IndexedField.PlanId, existing.PlanId, cancellationToken))
            {
                throw new BrokerException(BrokerFailure.AlreadyExists, $"Manifest '{manifest.ManifestId}' realises instances; its plan and type cannot change under them.");
            }

            var written = existing is null
                ? await store.Manifests.TryInsertAsync(manifest, cancellationToken)
                : await store.Manifests.TryReplaceAsync(manifest with { Version = existing.Version }, cancellationToken);
            if (written is null)
            {
                throw new BrokerException(BrokerFailure.ConcurrencyError, $"Manifest '{manifest.ManifestId}' was changed at the same time; try again.");
            }

            await RebuildAsync(cancellationToken);
            return (existing is null, written);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>DELETE /v2/et/manifest/{id}: refused while instances of its plan exist.</summary>
    public async Task DeleteManifestAsync(string manifestId, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            var manifest = await store.Manifests.GetAsync(manifestId, cancellationToken)
                ?? throw new BrokerException(BrokerFailure.NotFound, $"Manifest '{manifestId}' does not exist.");
            if (await HasInstancesAsync(IndexedField.PlanId, manifest.PlanId, cancellationToken))
            {
                throw new BrokerException(BrokerFailure.AlreadyExists, $"Manifest '{manifestId}' realises instances of plan '{manifest.PlanId}'; deprovision them first.");
            }

            await store.Manifests.TryDeleteAsync(manifestId, manifest.Version, cancellationToken);
            await RebuildAsync(cancellationToken);
        }
        finally
        {
            _changes.Release();
        }
    }

    public static PlanManifest ToPlanManifest(ManifestRecord record) => new()
    {
        Id = record.ManifestId,
        ServiceId = record.ServiceId,
        PlanId = record.PlanId,
        ManifestType = record.ManifestType,
        ManifestContent = record.ManifestContent,
        Endpoints = (JsonObject?)record.Endpoints?.DeepClone(),
        Config = (JsonObject?)record.Config?.DeepClone() ?? [],
    };

    private ManifestRecord ToRecord(PlanManifest manifest) => new()
    {
        ManifestId = manifest.Id,
        ServiceId = manifest.ServiceId,
        PlanId = manifest.PlanId,
        ManifestType = manifest.ManifestType,
        ManifestContent = manifest.ManifestContent,
        Endpoints = manifest.Endpoints,
        Config = manifest.Config,
        UpdatedAt = clock.GetUtcNow(),
    };

    private async Task<IReadOnlyList<ServiceDefinition>> DefinitionsAsync(CancellationToken cancellationToken)
    {
        var manifests = (await AllAsync(store.Manifests, cancellationToken)).Select(ToPlanManifest).ToList();
        return [.. (await AllAsync(store.ServiceTypes, cancellationToken)).Select(type =>
            CatalogFolderLoader.FromJson($"service type '{type.ServiceId}' ({type.Origin})", type.Declared, folder: null) with
            {
                Manifests = [.. manifests.Where(m => m.ServiceId == type.ServiceId)],
            })];
    }

    private async Task<ServiceTypeRecord> WriteServiceTypeAsync(ServiceDefinition definition, string origin, CancellationToken cancellationToken)
    {
        var declared = JsonSerializer.SerializeToNode(definition.Offering, BrokerJson.Options)!.AsObject();
        var record = new ServiceTypeRecord
        {
            ServiceId = definition.Offering.Id,
            Name = definition.Offering.Name,
            Declared = declared,
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
    private async Task ReplaceManifestsAsync(string serviceId, IReadOnlyList<PlanManifest> manifests, CancellationToken cancellationToken)
    {
        var stored = await AllAsync(store.Manifests, cancellationToken, RecordQuery.Matching(IndexedField.ServiceId, serviceId));
        foreach (var old in stored.Where(s => manifests.All(m => m.Id != s.ManifestId)))
        {
            await store.Manifests.TryDeleteAsync(old.ManifestId, old.Version, cancellationToken);
        }

        foreach (var manifest in manifests)
        {
            var record = ToRecord(manifest);
            var existing = stored.FirstOrDefault(s => s.ManifestId == manifest.Id) ?? await store.Manifests.GetAsync(manifest.Id, cancellationToken);
            _ = existing is null
                ? await store.Manifests.TryInsertAsync(record, cancellationToken)
                : await store.Manifests.TryReplaceAsync(record with { Version = existing.Version }, cancellationToken);
        }
    }

    private async Task DeleteServiceTypeAsync(ServiceTypeRecord record, CancellationToken cancellationToken)
    {
        await ReplaceManifestsAsync(record.ServiceId, [], cancellationToken);
        await store.ServiceTypes.TryDeleteAsync(record.ServiceId, record.Version, cancellationToken);
    }

    private async Task<bool> HasInstancesAsync(string field, string value, CancellationToken cancellationToken)
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

    /// <summary>An invalid registration is the operator's bad request: a 400 listing every problem.</summary>
    private static T Refusing<T>(Func<T> validate)
    {
        try
        {
            return validate();
        }
        catch (CatalogException e)
        {
            throw new BrokerException(BrokerFailure.BadRequest, string.Join(" ", e.Problems));
        }
        catch (ArgumentException e)
        {
            throw new BrokerException(BrokerFailure.BadRequest, e.Message);
        }
    }

    private static async Task RefusingAsync(Func<Task> validate)
    {
        try
        {
            await validate();
        }
        catch (CatalogException e)
        {
            throw new BrokerException(BrokerFailure.BadRequest, string.Join(" ", e.Problems));
        }
    }
}
