using System.Collections.Concurrent;
using Esm.Service.Model;
using Esm.Service.Stores;

namespace Esm.Service.Tests.Support;

/// <summary>
/// A store that forwards to another and counts each call per collection ("instances.get",
/// "bindings.replace"...), keeping the records written, to show how often a request goes to the store.
/// </summary>
public sealed class CountingStore : IStore, IAsyncDisposable
{
    private readonly IStore _inner;
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<object> _written = new();

    public CountingStore(IStore inner)
    {
        _inner = inner;
        Instances = new Collection<ServiceInstanceRecord>("instances", inner.Instances, this);
        Bindings = new Collection<ServiceBindingRecord>("bindings", inner.Bindings, this);
    }

    public IRecordCollection<ServiceInstanceRecord> Instances { get; }

    public IRecordCollection<ServiceBindingRecord> Bindings { get; }

    public IRecordCollection<ServiceTypeRecord> ServiceTypes => _inner.ServiceTypes;

    public IRecordCollection<PlanManifest> Manifests => _inner.Manifests;

    public string Identity => _inner.Identity;

    public StoreDamage Damage => _inner.Damage;

    /// <summary>Calls to the instances and bindings collections since the last <see cref="Reset"/>, by name.</summary>
    public IReadOnlyDictionary<string, int> Calls => new SortedDictionary<string, int>(_calls, StringComparer.Ordinal);

    /// <summary>The records passed to inserts and replaces since the last <see cref="Reset"/>, in order.</summary>
    public IReadOnlyList<object> Written => [.. _written];

    public void Reset()
    {
        _calls.Clear();
        _written.Clear();
    }

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => _inner.IsReachableAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        switch (_inner)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    private void Count(string call) => _calls.AddOrUpdate(call, 1, (_, count) => count + 1);

    private sealed class Collection<T>(string name, IRecordCollection<T> inner, CountingStore owner) : IRecordCollection<T>
        where T : class, IStoredRecord<T>
    {
        public Task<T?> GetAsync(string key, CancellationToken cancellationToken)
        {
            owner.Count($"{name}.get");
            return inner.GetAsync(key, cancellationToken);
        }

        public Task<T?> TryInsertAsync(T record, CancellationToken cancellationToken)
        {
            owner.Count($"{name}.insert");
            owner._written.Enqueue(record);
            return inner.TryInsertAsync(record, cancellationToken);
        }

        public Task<T?> TryReplaceAsync(T record, CancellationToken cancellationToken)
        {
            owner.Count($"{name}.replace");
            owner._written.Enqueue(record);
            return inner.TryReplaceAsync(record, cancellationToken);
        }

        public Task<bool> TryDeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken)
        {
            owner.Count($"{name}.delete");
            return inner.TryDeleteAsync(key, expectedVersion, cancellationToken);
        }

        public Task<RecordPage<T>> ListAsync(RecordQuery query, CancellationToken cancellationToken)
        {
            owner.Count($"{name}.list");
            return inner.ListAsync(query, cancellationToken);
        }
    }
}
