namespace Esm.Bench;

/// <summary>The figures of one scenario against one server, over its measured window.</summary>
internal sealed record ScenarioMeasurement(
    LatencyDistribution Latencies,
    int Failures,
    string? FirstFailure,
    TimeSpan Duration,
    TimeSpan ServerCpu,
    double OtherCores,
    long ServerResidentBytes)
{
    public double RequestsPerSecond => Latencies.Count / Duration.TotalSeconds;

    /// <summary>The server's CPU time per answered request: what a request costs, whatever else ran.</summary>
    public TimeSpan ServerCpuPerRequest => Latencies.Count == 0 ? TimeSpan.Zero : ServerCpu / Latencies.Count;
}
