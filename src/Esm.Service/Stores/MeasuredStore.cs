using Esm.Service.Model;
using Esm.Service.Telemetry;

namespace Esm.Service.Stores;

/// <summary>A store whose every record call's duration is measured (esm.store.call.duration); disposing it disposes the store.</summary>
public sealed class MeasuredStore(IStore inner, EsmTelemetry telemetry) : IStore, IAsyncDisposable
{
    public IRecordCollection<ServiceInstanceRecord> Instances { get; } = new MeasuredRecordCollection<ServiceInstanceRecord>(inner.Instances, "instances", telemetry);

    public IRecordCollection<ServiceBindingRecord> Bindings { get; } = new MeasuredRecordCollection<ServiceBindingRecord>(inner.Bindings, "bindings", telemetry);

    public IRecordCollection<ServiceTypeRecord> ServiceTypes { get; } = new MeasuredRecordCollection<ServiceTypeRecord>(inner.ServiceTypes, "service_types", telemetry);

    public IRecordCollection<PlanManifest> Manifests { get; } = new MeasuredRecordCollection<PlanManifest>(inner.Manifests, "manifests", telemetry);

    public string Identity => inner.Identity;

    public StoreDamage Damage => inner.Damage;

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => inner.IsReachableAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        switch (inner)
        {
            case IAsyncDisposable asynchronous:
                await asynchronous.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
