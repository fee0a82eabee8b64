using System.Globalization;

namespace Esm.Bench;

/// <summary>What Linux's /proc says about a process and about the machine's CPUs.</summary>
internal static class ProcessStats
{
    /// <summary>VmRSS of /proc/&lt;pid&gt;/status: the resident memory of the process, in bytes.</summary>
    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS line.");
    }

    /// <summary>
    /// The first line of /proc/stat: the time all CPUs spent busy and in total since boot, in
    /// clock ticks. Their ratio over a window is the share of the machine in use, by anyone.
    /// </summary>
    public static (long Busy, long Total) MachineTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // cpu user nice system idle iowait irq softirq steal (guest times are already in user and nice).
        var ticks = fields.Skip(1).Take(8).Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var idle = ticks[3] + ticks[4];
        var total = ticks.Sum();
        return (total - idle, total);
    }

    /// <summary>The 1-minute load average: how busy the machine was beside the benchmark.</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
