using System.Globalization;

namespace Esm.Bench;

/// <summary>A line per step while the run goes on: the table only comes at the end.</summary>
internal static class Progress
{
    public static void Step(string text) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {text}");

    public static void Measured(ResultRow row, ScenarioMeasurement measurement) =>
        Step(string.Create(CultureInfo.InvariantCulture,
            $"{row.Server} [{row.Seeded}] {row.Scenario}: {measurement.RequestsPerSecond:N0} req/s, p99 {measurement.Latencies.Percentile(99).TotalMilliseconds:0.00} ms, {measurement.Failures} errors"));
}
