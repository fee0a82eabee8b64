namespace Esm.Bench;

/// <summary>Everything one run found: the rows of the table, the reference of its ratios, and notes on what it saw.</summary>
internal sealed class BenchReport(BenchOptions options, DateTimeOffset startedAt, string revision, string loadAtStart)
{
    public BenchOptions Options => options;

    public DateTimeOffset StartedAt => startedAt;

    public string Revision => revision;

    public string LoadAtStart => loadAtStart;

    public string? LoadAtEnd { get; set; }

    public List<ResultRow> Rows { get; } = [];

    public List<string> Notes { get; } = [];
}
