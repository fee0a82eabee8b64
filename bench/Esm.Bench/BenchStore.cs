using Esm.Service.Stores;

namespace Esm.Bench;

/// <summary>
/// One store a broker of the benchmark runs on: the settings that point the broker at it, how
/// the benchmark seeds it beforehand, its size on disk, and the clean-up of what it leaves.
/// </summary>
internal abstract class BenchStore : IDisposable
{
    public abstract StoreKind Kind { get; }

    /// <summary>ESM_STORE and the variables of that store, for the broker's environment.</summary>
    public abstract IReadOnlyDictionary<string, string> BrokerSettings { get; }

    /// <summary>Why this store cannot be seeded from the benchmark's process; null when it can.</summary>
    public virtual string? CannotSeedReason => null;

    /// <summary>
    /// Seeds <paramref name="count"/> instances through the store's own classes, opened on what
    /// the broker will open, and closes it again (releasing the file or pool) before the broker starts.
    /// </summary>
    public async Task<SeedResult> SeedAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var store = Open();
        try
        {
            return await InstanceSeeder.SeedAsync(store, count, timeout, cancellationToken);
        }
        finally
        {
            // The stores that can be seeded (SQLite, MongoDB) hold a file or a connection pool.
            (store as IDisposable)?.Dispose();
        }
    }

    /// <summary>Bytes on disk, or why there is no such figure.</summary>
    public abstract string SizeOnDisk();

    public virtual void Dispose()
    {
    }

    /// <summary>The store as the broker will open it.</summary>
    protected abstract IStore Open();
}
