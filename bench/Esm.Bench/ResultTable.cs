using System.Globalization;
using System.Text;

namespace Esm.Bench;

/// <summary>The report as markdown: a heading with the conditions of the run, the one table, then the notes.</summary>
internal static class ResultTable
{
    private static readonly string[] Columns =
    [
        "Server", "Seeded", "Scenario", "req/s", "vs ceiling", "p50 ms", "p99 ms", "p99.9 ms", "Errors",
        "CPU µs/req", "Others' cores", "RSS MB", "Start live / catalog ms", "CPU s (run)", "Store on disk",
    ];

    public static string Render(BenchReport report)
    {
        var options = report.Options;
        var text = new StringBuilder();
        text.AppendLine(Invariant($"# ESM benchmark, {report.StartedAt:yyyy-MM-dd HH:mm} UTC"));
        text.AppendLine();
        text.AppendLine(Invariant(
            $"Source {report.Revision}; {Environment.ProcessorCount} cores, load average {report.LoadAtStart} at the start and {report.LoadAtEnd ?? "?"} at the end; ") +
            Invariant($"{options.Workers} connections, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s measured per scenario, after {options.StartWarmup.TotalSeconds:0.#} s over all of a fresh process's scenarios; ") +
            "each broker's ratios are to the Kestrel ceiling measured just before it.");
        text.AppendLine();
        text.AppendLine($"| {string.Join(" | ", Columns)} |");
        text.AppendLine($"|{string.Concat(Columns.Select((_, i) => i < 3 ? "---|" : "---:|"))}");
        foreach (var row in report.Rows)
        {
            text.AppendLine($"| {string.Join(" | ", Cells(row))} |");
        }

        if (report.Notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in report.Notes)
            {
                text.AppendLine($"- {note}");
            }
        }

        return text.ToString();
    }

    private static IEnumerable<string> Cells(ResultRow row)
    {
        var ceiling = row.CeilingRequestsPerSecond;
        string[] measured = row.Measurement is { } m
            ?
            [
                Invariant($"{m.RequestsPerSecond:N0}"),
                ceiling is > 0 ? Invariant($"{m.RequestsPerSecond / ceiling.Value * 100:0}%") : "",
                Milliseconds(m.Latencies.Percentile(50)),
                Milliseconds(m.Latencies.Percentile(99)),
                Milliseconds(m.Latencies.Percentile(99.9)),
                Invariant($"{m.Failures:N0}"),
                Invariant($"{m.ServerCpuPerRequest.TotalMicroseconds:N0}"),
                Invariant($"{m.OtherCores:0.00}"),
                Invariant($"{m.ServerResidentBytes / 1e6:N0}"),
            ]
            : [row.Reason ?? "", .. Enumerable.Repeat("", 8)];
        string[] run = row.Run is { } r
            ?
            [
                $"{(r.Startup.Live is { } live ? Milliseconds(live, "0") : "–")} / {Milliseconds(r.Startup.Catalog, "0")}",
                Invariant($"{r.CpuTotal.TotalSeconds:0.0}"),
                r.StoreSize,
            ]
            : ["", "", ""];
        return [row.Server, row.Seeded, row.Scenario, .. measured, .. run];
    }

    private static string Milliseconds(TimeSpan span, string format = "0.00") =>
        span.TotalMilliseconds.ToString(format, CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
