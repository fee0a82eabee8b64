using Esm.Service.Model;

namespace Esm.Service.Stores.InMemory;

/// <summary>A store in process memory: for tests and throwaway runs; everything is lost on exit.</summary>
public sealed class InMemoryStore : IStore
{
    public IRecordCollection<ServiceInstanceRecord> Instances { get; } = new InMemoryRecordCollection<ServiceInstanceRecord>();

    public IRecordCollection<ServiceBindingRecord> Bindings { get; } = new InMemoryRecordCollection<ServiceBindingRecord>();

    public IRecordCollection<ServiceTypeRecord> ServiceTypes { get; } = new InMemoryRecordCollection<ServiceTypeRecord>();

    public IRecordCollection<PlanManifest> Manifests { get; } = new InMemoryRecordCollection<PlanManifest>();

    /// <summary>Each in-memory store is a new one: its data ends with the process.</summary>
    public string Identity { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Records in memory are only ever written by this process: nothing can be damaged.</summary>
    public StoreDamage Damage { get; } = new(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
