using System.Globalization;
using Esm.Bench.Scenarios;

namespace Esm.Bench;

/// <summary>
/// The bare Kestrel app driven with GET only, just before each broker: its requests/s is the
/// reference of that broker's ratios. Measured next to each broker rather than once, because the
/// load of a shared machine changes from one minute to the next and a ratio must compare like with like.
/// </summary>
internal sealed class CeilingRun(RepositoryPaths paths, RunBudget budget, LoadGenerator load, BenchReport report)
{
    /// <summary>The ceiling's requests/s; null when the budget left no time for it.</summary>
    public async Task<double?> RunAsync(CancellationToken cancellationToken)
    {
        var row = new ResultRow("kestrel ceiling", "–", "GET 427-byte JSON");
        if (!budget.Allows(load.StartWarmup + load.TimePerScenario))
        {
            report.Rows.Add(row with { Reason = budget.SkipReason });
            return null;
        }

        var port = LoopbackPort.Free();
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        using var ceiling = ServerProcess.Start(paths.CeilingAssembly, port, settings, paths.Root);
        var started = await StartupProbe.FirstOkAsync(ceiling, "/v2/catalog", TimeSpan.FromSeconds(60), cancellationToken);
        var scenario = new CatalogScenario(row.Scenario);
        await load.WarmUpAsync([scenario], ceiling, cancellationToken);
        var measurement = await load.RunAsync(scenario, ceiling, cancellationToken);
        Progress.Measured(row, measurement);
        report.Rows.Add(row with
        {
            Measurement = measurement,
            CeilingRequestsPerSecond = measurement.RequestsPerSecond,
            Run = new RunFigures(new StartupTimes(null, started), ceiling.CpuTime(), ""),
        });
        return measurement.RequestsPerSecond;
    }
}
