using Esm.Service.Model;

namespace Esm.Service.Stores.InMemory;

/// <summary>A store in process memory: for tests and throwaway runs; everything is lost on exit.</summary>
public sealed class InMemoryStore : IStore
{
    public IRecordCollection<ServiceInstanceRecord> Instances { get; } = new InMemoryRecordCollection<ServiceInstanceRecord>();

    public IRecordCollection<ServiceBindingRecord> Bindings { get; } = new InMemoryRecordCollection<ServiceBindingRecord>();

    public IRecordCollection<ServiceTypeRecord> ServiceTypes { get; } = new InMemoryRecordCollection<ServiceTypeRecord>();

    public IRecordCollection<ManifestRecord> Manifests { get; } = new InMemoryRecordCollection<ManifestRecord>();

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
