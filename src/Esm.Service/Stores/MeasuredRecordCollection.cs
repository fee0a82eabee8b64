using Esm.Service.Model;
using Esm.Service.Telemetry;

namespace Esm.Service.Stores;

/// <summary>A record collection whose calls are timed, tagged with the collection's name and the call.</summary>
public sealed class MeasuredRecordCollection<T>(IRecordCollection<T> inner, string name, EsmTelemetry telemetry) : IRecordCollection<T>
    where T : class, IStoredRecord<T>
{
    public Task<T?> GetAsync(string key, CancellationToken cancellationToken) =>
        telemetry.MeasureStoreCallAsync(name, "get", () => inner.GetAsync(key, cancellationToken));

    public Task<T?> TryInsertAsync(T record, CancellationToken cancellationToken) =>
        telemetry.MeasureStoreCallAsync(name, "insert", () => inner.TryInsertAsync(record, cancellationToken));

    public Task<T?> TryReplaceAsync(T record, CancellationToken cancellationToken) =>
        telemetry.MeasureStoreCallAsync(name, "replace", () => inner.TryReplaceAsync(record, cancellationToken));

    public Task<bool> TryDeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken) =>
        telemetry.MeasureStoreCallAsync(name, "delete", () => inner.TryDeleteAsync(key, expectedVersion, cancellationToken));

    public Task<RecordPage<T>> ListAsync(RecordQuery query, CancellationToken cancellationToken) =>
        telemetry.MeasureStoreCallAsync(name, "list", () => inner.ListAsync(query, cancellationToken));
}
