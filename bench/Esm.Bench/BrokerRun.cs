using Esm.Bench.Scenarios;

namespace Esm.Bench;

/// <summary>One broker process on one store: start-up, then every scenario in turn, each a row of the table.</summary>
internal sealed class BrokerRun(BenchOptions options, RepositoryPaths paths, RunBudget budget, LoadGenerator load, BenchReport report)
{
    /// <summary>Instances provisioned through the API for the scenarios that need existing ones, when the store was not seeded.</summary>
    private const int ProvisionedTargets = 256;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <param name="seeded">The label of the Seeded column.</param>
    /// <param name="seededIds">The seeded instances, or null to provision targets through the API.</param>
    /// <param name="storeSize">The store's size on disk once seeded ("" when not seeded).</param>
    /// <param name="ceiling">The requests/s of the ceiling measured just before, the reference of the ratios.</param>
    public async Task RunAsync(BenchStore store, string seeded, IReadOnlyList<string>? seededIds, string storeSize, double? ceiling, CancellationToken cancellationToken)
    {
        var name = StoreKinds.Name(store.Kind);
        var folder = Directory.CreateTempSubdirectory("esm-bench-broker-");
        var port = LoopbackPort.Free();
        var rows = new List<ResultRow>();
        StartupTimes? startup = null;
        try
        {
            using var broker = ServerProcess.Start(paths.BrokerAssembly, port, BrokerSettings.For(store, port, paths), folder.FullName);
            try
            {
                startup = await StartupProbe.MeasureAsync(broker, StartTimeout, cancellationToken);
                var targets = new TargetInstances(
                    seededIds ?? await TargetProvisioner.ProvisionAsync(broker, ProvisionedTargets, StartTimeout, cancellationToken), options.Workers);
                var scenarios = Scenarios(targets).Where(s => options.Scenarios.Count == 0 || options.Scenarios.Contains(s.Name)).ToList();
                if (budget.Allows(load.StartWarmup))
                {
                    await load.WarmUpAsync(scenarios, broker, cancellationToken);
                }

                foreach (var scenario in scenarios)
                {
                    rows.Add(await MeasureAsync(broker, name, seeded, scenario, cancellationToken));
                }
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException or System.Text.Json.JsonException
                || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // This broker's figures are lost; the other stores' are still worth measuring.
                rows.Add(new ResultRow(name, seeded, "(broker)") { Reason = $"failed: {e.Message.Split('\n')[0]}" });
                report.Notes.Add($"{name}, {seeded} seeded: {e.Message}");
            }

            if (startup is not null && !broker.HasExited)
            {
                rows[0] = rows[0] with { Run = new RunFigures(startup, broker.CpuTime(), storeSize) };
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        report.Rows.AddRange(rows.Select(row => row with { CeilingRequestsPerSecond = ceiling }));
    }

    /// <summary>Every scenario of a broker, in the order of the table.</summary>
    public static IScenario[] Scenarios(TargetInstances targets) =>
    [
        new CatalogScenario(),
        new ProvisionScenario(),
        new BindScenario(targets),
        new LastOperationScenario(targets),
        new FetchScenario(targets),
        new LifecycleScenario(),
    ];

    private async Task<ResultRow> MeasureAsync(ServerProcess broker, string name, string seeded, IScenario scenario, CancellationToken cancellationToken)
    {
        var row = new ResultRow(name, seeded, scenario.Name);
        if (broker.HasExited)
        {
            return row with { Reason = "not run: the broker exited" };
        }

        if (!budget.Allows(load.TimePerScenario))
        {
            return row with { Reason = budget.SkipReason };
        }

        var measurement = await load.RunAsync(scenario, broker, cancellationToken);
        Progress.Measured(row, measurement);
        if (measurement.FirstFailure is { } failure)
        {
            report.Notes.Add($"{name}, {seeded} seeded, {scenario.Name}: {measurement.Failures:N0} errors; the first: {failure}");
        }

        return row with { Measurement = measurement };
    }
}
