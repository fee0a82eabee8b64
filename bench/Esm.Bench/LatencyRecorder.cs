namespace Esm.Bench;

/// <summary>One worker's record of the requests it started inside the measurement window: each success's latency, the failures, the first failure's text.</summary>
internal sealed class LatencyRecorder(MeasurementWindow window)
{
    private readonly List<long> _latencies = new(capacity: 64 * 1024);

    public MeasurementWindow Window => window;

    public IReadOnlyList<long> Latencies => _latencies;

    public int Failures { get; private set; }

    public string? FirstFailure { get; private set; }

    public void Success(long started, long ended)
    {
        if (window.Contains(started))
        {
            _latencies.Add(ended - started);
        }
    }

    public void Failure(long started, string description)
    {
        if (window.Contains(started))
        {
            Failures++;
            FirstFailure ??= description;
        }
    }
}
