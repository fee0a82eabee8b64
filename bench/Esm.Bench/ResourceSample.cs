using System.Diagnostics;

namespace Esm.Bench;

/// <summary>
/// CPU times at one moment: the server's, the benchmark's own and the whole machine's. Two
/// samples tell how much CPU each request cost the server and how busy other processes kept the
/// machine meanwhile (other builds and tests sharing its 2 cores depress every figure).
/// </summary>
internal readonly record struct ResourceSample(long Timestamp, TimeSpan ServerCpu, TimeSpan BenchCpu, long MachineBusyTicks, long MachineTotalTicks)
{
    public static ResourceSample Take(ServerProcess server)
    {
        var (busy, total) = ProcessStats.MachineTicks();
        using var self = Process.GetCurrentProcess();
        return new ResourceSample(Stopwatch.GetTimestamp(), server.CpuTime(), self.TotalProcessorTime, busy, total);
    }

    /// <summary>Cores used by processes other than the server and the benchmark between <paramref name="before"/> and this sample.</summary>
    public double OtherCoresSince(ResourceSample before)
    {
        var seconds = Stopwatch.GetElapsedTime(before.Timestamp, Timestamp).TotalSeconds;
        var machineCores = (double)(MachineBusyTicks - before.MachineBusyTicks) / Math.Max(1, MachineTotalTicks - before.MachineTotalTicks) * Environment.ProcessorCount;
        var ownCores = ((ServerCpu - before.ServerCpu) + (BenchCpu - before.BenchCpu)).TotalSeconds / seconds;
        return Math.Max(0, machineCores - ownCores);
    }
}
