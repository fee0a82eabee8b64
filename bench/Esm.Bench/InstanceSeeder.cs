using System.Diagnostics;
using Esm.Service.Stores;

namespace Esm.Bench;

/// <summary>Inserts instances straight into a store (not through the API), many writes in flight so that group commit can batch them.</summary>
internal static class InstanceSeeder
{
    private const int WritesInFlight = 64;

    /// <summary>
    /// Seeds up to <paramref name="count"/> instances within <paramref name="timeout"/>: a store
    /// too slow for that is measured with what it got, and the table says how many.
    /// </summary>
    public static async Task<SeedResult> SeedAsync(IStore store, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToArray();
        var inserted = new bool[count];
        var now = DateTimeOffset.UtcNow;
        var elapsed = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = WritesInFlight, CancellationToken = deadline.Token },
                async (index, token) =>
                {
                    var stored = await store.Instances.TryInsertAsync(SeededInstance.Create(ids[index], now), token);
                    inserted[index] = stored is not null;
                });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The seed timeout: keep what was inserted.
        }

        var seeded = ids.Where((_, index) => inserted[index]).ToArray();
        return new SeedResult(seeded, count, elapsed.Elapsed);
    }
}
