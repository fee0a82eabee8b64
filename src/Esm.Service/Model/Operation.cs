using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Esm.Service.Model;

/// <summary>
/// One mutation of an instance or binding, written to the store before it runs so that a
/// restarted broker finishes what it accepted.
/// </summary>
public sealed record Operation
{
    public required string Id { get; init; }

    public required OperationKind Kind { get; init; }

    public OperationState State { get; init; } = OperationState.InProgress;

    /// <summary>Whether the Platform was answered 202 and polls, or waits for the response.</summary>
    public required bool Async { get; init; }

    public string? Description { get; init; }

    /// <summary>Set on failed updates and deprovisions only, as the spec requires.</summary>
    public bool? InstanceUsable { get; init; }

    /// <summary>Set on failed updates only.</summary>
    public bool? UpdateRepeatable { get; init; }

    /// <summary>The request's fingerprint, to tell a re-sent request from a different one.</summary>
    public required string RequestFingerprint { get; init; }

    /// <summary>For an update: what the instance becomes when it succeeds.</summary>
    public InstanceChange? Change { get; init; }

    public OriginatingIdentity? RequestedBy { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The broker process running it, which renews its claim until <see cref="LeaseExpiresAt"/> while it runs.</summary>
    public string? RunnerId { get; init; }

    public DateTimeOffset? LeaseExpiresAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    [JsonIgnore]
    public bool IsInProgress => State == OperationState.InProgress;

    /// <summary>A new operation, in progress from <paramref name="now"/>, with a fresh id.</summary>
    /// <param name="requestFingerprint">The request's fingerprint (<see cref="Broker.RequestFingerprint"/>), for operations whose re-send must be recognised.</param>
    public static Operation Start(OperationKind kind, bool async, DateTimeOffset now, OriginatingIdentity? requestedBy, string requestFingerprint = "") => new()
    {
        // Opaque, unique, and safe in a query string without encoding.
        Id = "op-" + Guid.NewGuid().ToString("N"),
        Kind = kind,
        Async = async,
        Description = kind switch
        {
            OperationKind.Provision => "Provisioning.",
            OperationKind.Update => "Updating.",
            OperationKind.Deprovision => "Deprovisioning.",
            OperationKind.Bind => "Binding.",
            OperationKind.Unbind => "Unbinding.",
            OperationKind.Recreate => "Recreating.",
            _ => "Removing what a backend left of a deleted instance.",
        },
        RequestFingerprint = requestFingerprint,
        RequestedBy = requestedBy,
        StartedAt = now,
    };

    /// <summary>In progress and run by nobody: never claimed, or its runner stopped renewing (a crash).</summary>
    public bool IsClaimable(DateTimeOffset now) => IsInProgress && (RunnerId is null || LeaseExpiresAt <= now);

    public Operation Succeeded(string? description, DateTimeOffset now) =>
        this with { State = OperationState.Succeeded, Description = description, FinishedAt = now };

    public Operation Failed(string description, DateTimeOffset now, bool? instanceUsable = null, bool? updateRepeatable = null) =>
        this with
        {
            State = OperationState.Failed,
            Description = description,
            FinishedAt = now,
            InstanceUsable = instanceUsable,
            UpdateRepeatable = updateRepeatable,
        };
}

/// <summary>The target of an update: only the fields the request changes are set.</summary>
public sealed record InstanceChange
{
    public string? PlanId { get; init; }

    public JsonObject? Parameters { get; init; }

    public JsonObject? Context { get; init; }

    public string? MaintenanceVersion { get; init; }
}

public enum OperationState
{
    InProgress,
    Succeeded,
    Failed,
}

public enum OperationKind
{
    Provision,
    Update,
    Deprovision,
    Bind,
    Unbind,

    /// <summary>An operator's re-creation of an instance's backend resources from its stored request.</summary>
    Recreate,

    /// <summary>
    /// The orphan sweep's claim on an instance id the store no longer has while it removes what a
    /// backend left of it; run by the sweep itself, never by the operation worker.
    /// </summary>
    RemoveOrphan,
}
