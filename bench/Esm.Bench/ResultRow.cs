namespace Esm.Bench;

/// <summary>One line of the table: a scenario against one server, measured or with the reason it was not.</summary>
internal sealed record ResultRow(string Server, string Seeded, string Scenario)
{
    public ScenarioMeasurement? Measurement { get; init; }

    /// <summary>The requests/s of the ceiling measured just before this row's server: the reference of its ratio.</summary>
    public double? CeilingRequestsPerSecond { get; init; }

    /// <summary>Why there is no measurement (skipped, n/a, failed).</summary>
    public string? Reason { get; init; }

    /// <summary>Set on the first row of each server process.</summary>
    public RunFigures? Run { get; init; }
}
