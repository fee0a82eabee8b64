using System.Diagnostics;

namespace Esm.Bench;

/// <summary>All the latencies of a scenario, sorted: its percentiles are exact, not estimated.</summary>
internal sealed class LatencyDistribution
{
    private readonly long[] _sortedTicks;

    public LatencyDistribution(IEnumerable<IReadOnlyList<long>> perWorker)
    {
        _sortedTicks = [.. perWorker.SelectMany(latencies => latencies)];
        Array.Sort(_sortedTicks);
    }

    public int Count => _sortedTicks.Length;

    /// <summary>The latency that <paramref name="percent"/> % of the requests did not exceed (nearest rank).</summary>
    public TimeSpan Percentile(double percent)
    {
        if (_sortedTicks.Length == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (int)Math.Ceiling(percent / 100 * _sortedTicks.Length);
        return Stopwatch.GetElapsedTime(0, _sortedTicks[Math.Clamp(rank - 1, 0, _sortedTicks.Length - 1)]);
    }
}
