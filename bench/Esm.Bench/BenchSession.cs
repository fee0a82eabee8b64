using System.Globalization;

namespace Esm.Bench;

/// <summary>
/// The whole run: for each store a broker on an empty store and one on a store seeded with the
/// large count of instances, each just after a run of the ceiling. Every step is bounded by the
/// run's budget.
/// </summary>
internal sealed class BenchSession(BenchOptions options, RepositoryPaths paths, BenchReport report)
{
    private static readonly TimeSpan StartAllowance = TimeSpan.FromSeconds(10);

    private readonly RunBudget _budget = new(options.Budget);
    private readonly LoadGenerator _load = new(options.Workers, options.Warmup, options.StartWarmup, options.Duration);

    private string Large => options.SeededInstances.ToString("N0", CultureInfo.InvariantCulture);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var kind in Enum.GetValues<StoreKind>().Where(options.Stores.Contains))
        {
            await RunStoreAsync(kind, cancellationToken);
        }
    }

    private async Task RunStoreAsync(StoreKind kind, CancellationToken cancellationToken)
    {
        var name = StoreKinds.Name(kind);
        using (var empty = Create(kind, out var reason))
        {
            if (empty is null)
            {
                report.Rows.Add(new ResultRow(name, "0", "all") { Reason = reason });
                report.Rows.Add(new ResultRow(name, Large, "all") { Reason = reason });
                return;
            }

            var ceiling = await CeilingAsync(cancellationToken);
            Progress.Step($"{name}, empty store");
            await Broker().RunAsync(empty, "0", seededIds: null, storeSize: "", ceiling, cancellationToken);
        }

        if (options.SeededInstances == 0)
        {
            return;
        }

        using var large = Create(kind, out var largeReason);
        if (large is null || large.CannotSeedReason is not null)
        {
            report.Rows.Add(new ResultRow(name, Large, "all") { Reason = large?.CannotSeedReason ?? largeReason });
            return;
        }

        // What must still fit after the seeding: the ceiling, the broker's start and its scenarios.
        var seedTimeout = Min(options.SeedTimeout, _budget.Remaining - (_load.TimePerScenario * (options.ScenarioCount + 1)) - (_load.StartWarmup * 2) - StartAllowance);
        if (seedTimeout < TimeSpan.FromSeconds(1))
        {
            report.Rows.Add(new ResultRow(name, Large, "all") { Reason = _budget.SkipReason });
            return;
        }

        Progress.Step($"{name}: seeding {Large} instances through the store (at most {seedTimeout.TotalSeconds:0} s)");
        var seed = await large.SeedAsync(options.SeededInstances, seedTimeout, cancellationToken);
        var seeded = seed.IsComplete
            ? Large
            : string.Create(CultureInfo.InvariantCulture, $"{seed.InstanceIds.Count:N0} of {Large} (seed timeout)");
        report.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{name}: seeded {seed.InstanceIds.Count:N0} instances through the store in {seed.Elapsed.TotalSeconds:0.0} s ({seed.PerSecond:N0}/s)."));
        if (seed.InstanceIds.Count < options.Workers)
        {
            report.Rows.Add(new ResultRow(name, seeded, "all") { Reason = "not run: too few instances seeded" });
            return;
        }

        var size = large.SizeOnDisk();
        var ceilingBeforeLarge = await CeilingAsync(cancellationToken);
        Progress.Step($"{name}, {seeded} seeded");
        await Broker().RunAsync(large, seeded, seed.InstanceIds, size, ceilingBeforeLarge, cancellationToken);
    }

    private Task<double?> CeilingAsync(CancellationToken cancellationToken)
    {
        Progress.Step("Kestrel ceiling");
        return new CeilingRun(paths, _budget, _load, report).RunAsync(cancellationToken);
    }

    private BrokerRun Broker() => new(options, paths, _budget, _load, report);

    private BenchStore? Create(StoreKind kind, out string reason)
    {
        reason = string.Empty;
        return kind switch
        {
            StoreKind.Memory => new MemoryBenchStore(),
            StoreKind.Sqlite => new SqliteBenchStore(Directory.CreateTempSubdirectory("esm-bench-sqlite-").FullName),
            StoreKind.MongoDb => MongoBenchStore.TryCreate(options.MongoUri, out reason),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
