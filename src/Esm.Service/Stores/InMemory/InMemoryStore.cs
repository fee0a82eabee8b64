using Esm.Service.Model;

namespace Esm.Service.Stores.InMemory;

/// <summary>A store in process memory: for tests and throwaway runs; everything is lost on exit.</summary>
public sealed class InMemoryStore : IStore
{
    public IRecordCollection<ServiceInstanceRecord> Instances { get; } = new InMemoryRecordCollection<ServiceInstanceRecord>(RecordCopies.Of);

    public IRecordCollection<ServiceBindingRecord> Bindings { get; } = new InMemoryRecordCollection<ServiceBindingRecord>(RecordCopies.Of);

    public IRecordCollection<ServiceTypeRecord> ServiceTypes { get; } = new InMemoryRecordCollection<ServiceTypeRecord>(RecordCopies.Of);

    public IRecordCollection<ManifestRecord> Manifests { get; } = new InMemoryRecordCollection<ManifestRecord>(RecordCopies.Of);

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
