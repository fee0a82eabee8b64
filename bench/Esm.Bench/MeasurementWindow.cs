namespace Esm.Bench;

/// <summary>The measured part of a scenario, in <see cref="System.Diagnostics.Stopwatch"/> timestamps: after the warm-up, until the end.</summary>
internal readonly record struct MeasurementWindow(long Start, long End)
{
    /// <summary>Whether a request started at <paramref name="timestamp"/> counts.</summary>
    public bool Contains(long timestamp) => timestamp >= Start && timestamp < End;
}
