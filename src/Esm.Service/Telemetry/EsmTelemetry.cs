using System.Diagnostics;
using System.Diagnostics.Metrics;
using Esm.Service.Model;

namespace Esm.Service.Telemetry;

/// <summary>
/// The broker's own metrics and traces, under one name (<see cref="Name"/>) that the OpenTelemetry
/// setup subscribes to: operations (started, finished by outcome, in flight, duration) with their
/// offering, plan, kind and backend, and the duration of every store and backend call.
/// </summary>
public sealed class EsmTelemetry
{
    public const string Name = "Esm.Service";

    /// <summary>One per process, as ActivitySource listeners find sources by name.</summary>
    public static readonly ActivitySource Traces = new(Name);

    /// <summary>Calls take from a fraction of a millisecond (an in-memory store) to minutes (a backend pulling an image).</summary>
    private static readonly double[] CallBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private readonly Counter<long> _operationsStarted;
    private readonly Histogram<double> _storeCallDuration;
    private readonly Histogram<double> _backendCallDuration;
    private readonly OperationRun.Instruments _operationInstruments;
    private readonly TimeProvider _clock;

    public EsmTelemetry(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        var meter = meters.Create(Name);
        var buckets = new InstrumentAdvice<double> { HistogramBucketBoundaries = CallBuckets };
        _operationsStarted = meter.CreateCounter<long>("esm.operations.started", "{operation}", "Operations this broker began to run (one resumed after a crash counts again).");
        _operationInstruments = new OperationRun.Instruments(
            meter.CreateCounter<long>("esm.operations.finished", "{operation}", "Operations this broker ran to an end, by outcome: succeeded, failed, or stopped (halted or shut down; a later run finishes it)."),
            meter.CreateUpDownCounter<long>("esm.operations.in_flight", "{operation}", "Operations this broker is running now."),
            meter.CreateHistogram("esm.operation.duration", "s", "How long this broker ran an operation.", advice: buckets),
            clock);
        _storeCallDuration = meter.CreateHistogram("esm.store.call.duration", "s", "How long a store call took, by collection and call.", advice: buckets);
        _backendCallDuration = meter.CreateHistogram("esm.backend.call.duration", "s", "How long a backend call took, by backend and call.", advice: buckets);
    }

    /// <summary>Counts an operation as started and in flight, with a trace span, until the returned run is disposed.</summary>
    /// <param name="backend">The plan's manifest type; null when the plan has left the catalog (so have its offering and plan then).</param>
    public OperationRun BeginOperation(OperationKind kind, string operationId, string? serviceId, string? planId, string? backend)
    {
        var name = kind.ToString().ToLowerInvariant();
        var tags = new TagList
        {
            { "esm.operation.kind", name },
            { "esm.service_id", serviceId ?? "unknown" },
            { "esm.plan_id", planId ?? "unknown" },
            { "esm.backend", backend ?? "unknown" },
        };
        _operationsStarted.Add(1, tags);
        var activity = Traces.HasListeners() ? Traces.StartActivity($"esm.operation {name}") : null;
        activity?.SetTag("esm.operation.id", operationId);
        return new OperationRun(_operationInstruments, tags, activity);
    }

    public Task<T> MeasureStoreCallAsync<T>(string collection, string call, Func<Task<T>> run) =>
        MeasureAsync(_storeCallDuration, new TagList { { "esm.store.collection", collection }, { "esm.store.call", call } }, activity: null, run);

    /// <summary>A backend call, with its trace span.</summary>
    public Task<T> MeasureBackendCallAsync<T>(string backend, string call, Func<Task<T>> run) =>
        MeasureAsync(_backendCallDuration, new TagList { { "esm.backend", backend }, { "esm.backend.call", call } }, Traces.HasListeners() ? Traces.StartActivity($"esm.backend {call}") : null, run);

    public Task MeasureBackendCallAsync(string backend, string call, Func<Task> run) =>
        MeasureBackendCallAsync(backend, call, async () =>
        {
            await run();
            return true;
        });

    /// <summary>Records the call's duration, tagged with the exception's type (error.type) when it threw.</summary>
    private async Task<T> MeasureAsync<T>(Histogram<double> histogram, TagList tags, Activity? activity, Func<Task<T>> run)
    {
        using var span = activity;
        var started = _clock.GetTimestamp();
        try
        {
            return await run();
        }
        catch (Exception e)
        {
            tags.Add("error.type", e.GetType().Name);
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        finally
        {
            histogram.Record(_clock.GetElapsedTime(started).TotalSeconds, tags);
            foreach (var tag in tags)
            {
                span?.SetTag(tag.Key, tag.Value);
            }
        }
    }
}
