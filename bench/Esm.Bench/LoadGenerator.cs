using System.Diagnostics;

namespace Esm.Bench;

/// <summary>
/// Drives one server with a fixed number of workers, each sending one request at a time on its
/// own keep-alive connection, for the warm-up (discarded) and then the measured duration.
/// </summary>
/// <param name="startWarmup">How long <see cref="WarmUpAsync"/> drives a fresh process.</param>
internal sealed class LoadGenerator(int workers, TimeSpan warmup, TimeSpan startWarmup, TimeSpan duration)
{
    /// <summary>A bound on a worker's iterations besides time: a server answering instantly with errors cannot spin for ever.</summary>
    private const long MaxIterationsPerWorker = 10_000_000;

    public TimeSpan TimePerScenario => warmup + duration;

    public TimeSpan StartWarmup => startWarmup;

    /// <summary>
    /// Drives a fresh process with each of its scenarios in turn, for an equal share of the start
    /// warm-up, measuring nothing. A .NET process compiles its code three times over (quick,
    /// instrumented, then optimised with what the instrumentation saw), on the cores the load also
    /// needs; with only the per-scenario warm-up, a fresh SQLite broker's first scenario measured
    /// the compiler: 423 µs of CPU a provision, against 203 µs after 12 s.
    /// </summary>
    public async Task WarmUpAsync(IReadOnlyList<IScenario> scenarios, ServerProcess server, CancellationToken cancellationToken)
    {
        if (scenarios.Count == 0)
        {
            return;
        }

        using var http = BenchHttp.Create(server.Port, workers);
        foreach (var scenario in scenarios)
        {
            var end = Stopwatch.GetTimestamp() + Ticks(startWarmup / scenarios.Count);
            await Task.WhenAll(StartWorkers(scenario, http, Recorders(new MeasurementWindow(end, end)), cancellationToken));
        }
    }

    public async Task<ScenarioMeasurement> RunAsync(IScenario scenario, ServerProcess server, CancellationToken cancellationToken)
    {
        using var http = BenchHttp.Create(server.Port, workers);
        var start = Stopwatch.GetTimestamp();
        var window = new MeasurementWindow(start + Ticks(warmup), start + Ticks(warmup + duration));
        var recorders = Recorders(window);
        var running = StartWorkers(scenario, http, recorders, cancellationToken);

        await Task.Delay(warmup, cancellationToken);
        var before = ResourceSample.Take(server);
        await Task.Delay(duration, cancellationToken);
        var after = ResourceSample.Take(server);
        await Task.WhenAll(running);

        return new ScenarioMeasurement(
            new LatencyDistribution(recorders.Select(r => r.Latencies)),
            recorders.Sum(r => r.Failures),
            recorders.Select(r => r.FirstFailure).FirstOrDefault(f => f is not null),
            duration,
            after.ServerCpu - before.ServerCpu,
            after.OtherCoresSince(before),
            server.ResidentBytes());
    }

    private LatencyRecorder[] Recorders(MeasurementWindow window) =>
        [.. Enumerable.Range(0, workers).Select(_ => new LatencyRecorder(window))];

    /// <summary>One worker per recorder, each sending requests until the end of the recorder's window.</summary>
    private static Task[] StartWorkers(IScenario scenario, HttpClient http, LatencyRecorder[] recorders, CancellationToken cancellationToken) =>
        [.. recorders.Select((recorder, index) =>
            Task.Run(() => RunWorkerAsync(scenario, new ScenarioWorker(index, http, recorder), recorder.Window.End, cancellationToken), cancellationToken))];

    private static async Task RunWorkerAsync(IScenario scenario, ScenarioWorker worker, long end, CancellationToken cancellationToken)
    {
        for (long i = 0; i < MaxIterationsPerWorker && Stopwatch.GetTimestamp() < end; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await scenario.RunOnceAsync(worker, cancellationToken);
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
