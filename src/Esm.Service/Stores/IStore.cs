using Esm.Service.Model;

namespace Esm.Service.Stores;

/// <summary>
/// Where the broker keeps everything it must not forget: instances and bindings with their
/// operations. Every record carries a version; writes are compare-and-set on it, which is what
/// keeps one mutation at a time per instance even across broker replicas sharing a database.
/// </summary>
public interface IStore
{
    IRecordCollection<ServiceInstanceRecord> Instances { get; }

    IRecordCollection<ServiceBindingRecord> Bindings { get; }

    /// <summary>Offerings registered by operators through /v2/et/catalog.</summary>
    IRecordCollection<ServiceTypeRecord> ServiceTypes { get; }

    /// <summary>Manifests registered by operators through /v2/et/manifest.</summary>
    IRecordCollection<PlanManifest> Manifests { get; }

    /// <summary>
    /// Names this store for as long as its data lives: made once when the store is created, never
    /// again. Backends label what they create with it, so that nothing is ever removed on behalf
    /// of another store, or of this one after it lost its data and began anew.
    /// </summary>
    string Identity { get; }

    /// <summary>The records this store found it cannot read.</summary>
    StoreDamage Damage { get; }

    /// <summary>Whether the store answers; for the readiness probe.</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}
