using System.Text.Json.Nodes;

namespace Esm.Service.Model;

/// <summary>A Service Binding as stored: the request, its result (credentials, endpoints...) and its operation.</summary>
public sealed record ServiceBindingRecord : IOperationRecord<ServiceBindingRecord>
{
    public required string InstanceId { get; init; }

    public required string BindingId { get; init; }

    /// <summary>The <see cref="ServiceInstanceRecord.Incarnation"/> of the instance it was created under.</summary>
    public string? InstanceIncarnation { get; init; }

    public required string ServiceId { get; init; }

    public required string PlanId { get; init; }

    public string? AppGuid { get; init; }

    public JsonObject? BindResource { get; init; }

    public JsonObject? Context { get; init; }

    public JsonObject? Parameters { get; init; }

    public string? PredecessorBindingId { get; init; }

    public OriginatingIdentity? OriginatingIdentity { get; init; }

    public required BindingState State { get; init; }

    public required string BindFingerprint { get; init; }

    /// <summary>What the backend returned: credentials, endpoints, urls, volume mounts.</summary>
    public JsonObject? Result { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? RenewBefore { get; init; }

    public required Operation LastOperation { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public long Version { get; init; }

    public string Key => KeyOf(InstanceId, BindingId);

    IReadOnlyDictionary<string, string> IStoredRecord<ServiceBindingRecord>.IndexedFields => new IndexedFieldValues([
        new(IndexedField.InstanceId, InstanceId),
        .. IndexedField.PendingWhile(LastOperation.IsInProgress)]);

    public ServiceBindingRecord WithVersion(long version) => this with { Version = version };

    public ServiceBindingRecord WithLastOperation(Operation operation) => this with { LastOperation = operation };

    public Operation? FindOperation(string operationId) => LastOperation.Id == operationId ? LastOperation : null;

    /// <summary>Bound: ready, with what the backend returned, and an expiry when the plan gives bindings a lifetime.</summary>
    public ServiceBindingRecord Bound(JsonObject result, TimeSpan? timeToLive, DateTimeOffset now) => this with
    {
        State = BindingState.Ready,
        Result = result,
        ExpiresAt = timeToLive is { } lifetime ? now + lifetime : null,
        RenewBefore = timeToLive is { } renewal ? now + (renewal * 0.8) : null,
        LastOperation = LastOperation.Succeeded("Bound.", now),
        UpdatedAt = now,
    };

    /// <summary>Unbound: a synchronous unbind forgets the binding (null); an asynchronous one leaves a tombstone for last_operation's 410.</summary>
    public ServiceBindingRecord? Unbound(DateTimeOffset now) => LastOperation.Async
        ? this with
        {
            State = BindingState.Deleted,
            Result = null,
            LastOperation = LastOperation.Succeeded("Unbound.", now),
            UpdatedAt = now,
        }
        : null;

    /// <summary>Its operation failed: a bind leaves a failed binding, an unbind a binding still ready.</summary>
    public ServiceBindingRecord OperationFailed(string reason, DateTimeOffset now) => this with
    {
        State = LastOperation.Kind == OperationKind.Bind ? BindingState.BindFailed : BindingState.Ready,
        LastOperation = LastOperation.Failed(reason, now),
        UpdatedAt = now,
    };

    /// <summary>The current operation with a new progress description.</summary>
    public ServiceBindingRecord WithProgress(string description) => this with { LastOperation = LastOperation with { Description = description } };

    /// <summary>
    /// Ids may hold any character (the spec restricts none), so the instance id is length-prefixed
    /// to keep keys unambiguous.
    /// </summary>
    public static string KeyOf(string instanceId, string bindingId) => $"{instanceId.Length}:{instanceId}/{bindingId}";
}

public enum BindingState
{
    Binding,
    Ready,
    BindFailed,
    Unbinding,

    /// <summary>Deleted asynchronously; kept so that last_operation can answer 410 Gone.</summary>
    Deleted,
}
