using System.Diagnostics;
using System.Diagnostics.Metrics;
using Esm.Service.Model;

namespace Esm.Service.Telemetry;

/// <summary>
/// One operation as this broker runs it (<see cref="EsmTelemetry.BeginOperation"/>): in flight
/// until disposed, then finished with the outcome given to <see cref="End"/>, or as stopped when
/// it was never given one (halted, or the broker shut down: a later run finishes it).
/// </summary>
public sealed class OperationRun : IDisposable
{
    private readonly Instruments _instruments;
    private readonly TagList _tags;
    private readonly Activity? _activity;
    private readonly long _started;
    private string _outcome = "stopped";

    internal OperationRun(Instruments instruments, TagList tags, Activity? activity)
    {
        _instruments = instruments;
        _tags = tags;
        _activity = activity;
        _started = instruments.Clock.GetTimestamp();
        instruments.InFlight.Add(1, tags);
        foreach (var tag in tags)
        {
            activity?.SetTag(tag.Key, tag.Value);
        }
    }

    /// <param name="state">The state the operation's record was left in; null when the record is gone (a deprovision's success).</param>
    public void End(OperationState? state) => _outcome = state switch
    {
        OperationState.Failed => "failed",
        OperationState.InProgress => "stopped",
        _ => "succeeded",
    };

    public void Dispose()
    {
        _instruments.InFlight.Add(-1, _tags);
        var finished = _tags;
        finished.Add("esm.operation.outcome", _outcome);
        _instruments.Finished.Add(1, finished);
        _instruments.Duration.Record(_instruments.Clock.GetElapsedTime(_started).TotalSeconds, finished);
        _activity?.SetTag("esm.operation.outcome", _outcome);
        _activity?.SetStatus(_outcome == "failed" ? ActivityStatusCode.Error : ActivityStatusCode.Unset);
        _activity?.Dispose();
    }

    internal sealed record Instruments(Counter<long> Finished, UpDownCounter<long> InFlight, Histogram<double> Duration, TimeProvider Clock);
}
