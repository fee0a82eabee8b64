using System.Text.Json.Nodes;

namespace Esm.Service.Model;

/// <summary>
/// A Service Instance as stored: what the Platform sent, where it stands, its current operation
/// and recent history, and what its backend keeps about it.
/// </summary>
public sealed record ServiceInstanceRecord : IOperationRecord<ServiceInstanceRecord>
{
    public const int HistoryLength = 20;

    public required string InstanceId { get; init; }

    /// <summary>
    /// Which provision of this id the record is: the id of the operation that created it. Bindings
    /// carry it, so that an id provisioned again never sees an earlier instance's bindings.
    /// Null on records stored before it existed.
    /// </summary>
    public string? Incarnation { get; init; }

    public required string ServiceId { get; init; }

    public required string PlanId { get; init; }

    public string? OrganizationGuid { get; init; }

    public string? SpaceGuid { get; init; }

    public JsonObject? Context { get; init; }

    public JsonObject? Parameters { get; init; }

    public string? MaintenanceVersion { get; init; }

    public OriginatingIdentity? OriginatingIdentity { get; init; }

    public string? DashboardUrl { get; init; }

    public JsonObject? MetadataLabels { get; init; }

    public JsonObject? MetadataAttributes { get; init; }

    public required InstanceState State { get; init; }

    /// <summary>The provision request's fingerprint, to answer a re-sent one with 200/202 or 409.</summary>
    public required string ProvisionFingerprint { get; init; }

    public required Operation LastOperation { get; init; }

    /// <summary>Finished operations, oldest first, at most <see cref="HistoryLength"/>.</summary>
    public IReadOnlyList<Operation> History { get; init; } = [];

    /// <summary>What the backend keeps for this instance (recorded request, generated secrets...).</summary>
    public JsonObject? BackendState { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public long Version { get; init; }

    string IStoredRecord<ServiceInstanceRecord>.Key => InstanceId;

    IReadOnlyDictionary<string, string> IStoredRecord<ServiceInstanceRecord>.IndexedFields => new IndexedFieldValues([
        new(IndexedField.ServiceId, ServiceId),
        new(IndexedField.PlanId, PlanId),
        new(IndexedField.Live, State == InstanceState.Deleted ? "false" : "true"),
        .. IndexedField.PendingWhile(LastOperation.IsInProgress)]);

    public ServiceInstanceRecord WithVersion(long version) => this with { Version = version };

    public ServiceInstanceRecord WithLastOperation(Operation operation) => this with { LastOperation = operation };

    /// <summary>This record with a new current operation; the finished one moves to the history.</summary>
    public ServiceInstanceRecord StartingOperation(Operation operation, DateTimeOffset now) => this with
    {
        LastOperation = operation,
        History = AppendToHistory(History, LastOperation),
        UpdatedAt = now,
    };

    /// <summary>
    /// Whether a binding of <paramref name="incarnation"/> may exist under this instance: it is the
    /// same incarnation, and no deprovision has marked it (the store layer's <c>InstanceBindings</c> enforces it).
    /// </summary>
    public bool HoldsBindingsOf(string? incarnation) =>
        State is not (InstanceState.Deprovisioning or InstanceState.Deleted) && Incarnation == incarnation;

    /// <summary>Provisioned (or recreated): ready, with what the backend keeps for it.</summary>
    public ServiceInstanceRecord Provisioned(JsonObject? backendState, string? dashboardUrl, string description, DateTimeOffset now) => this with
    {
        State = InstanceState.Ready,
        BackendState = backendState,
        DashboardUrl = dashboardUrl ?? DashboardUrl,
        LastOperation = LastOperation.Succeeded(description, now),
        UpdatedAt = now,
    };

    /// <summary>Updated: the change its operation carried is now the instance.</summary>
    public ServiceInstanceRecord Updated(JsonObject? backendState, string? dashboardUrl, string description, DateTimeOffset now)
    {
        var change = LastOperation.Change ?? new InstanceChange();
        return this with
        {
            State = InstanceState.Ready,
            PlanId = change.PlanId ?? PlanId,
            Parameters = change.Parameters ?? Parameters,
            Context = change.Context ?? Context,
            MaintenanceVersion = change.MaintenanceVersion ?? MaintenanceVersion,
            BackendState = backendState ?? BackendState,
            DashboardUrl = dashboardUrl ?? DashboardUrl,
            LastOperation = LastOperation.Succeeded(description, now),
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// Deprovisioned: a synchronous delete forgets the instance (null); an asynchronous one leaves
    /// a tombstone, so that last_operation can answer 410 Gone, which tells the Platform it finished.
    /// </summary>
    public ServiceInstanceRecord? Deprovisioned(DateTimeOffset now) => LastOperation.Async
        ? this with
        {
            State = InstanceState.Deleted,
            BackendState = null,
            LastOperation = LastOperation.Succeeded("Deprovisioned.", now),
            UpdatedAt = now,
        }
        : null;

    /// <summary>
    /// Its operation failed: a provision (or recreate) leaves the instance failed; an update or a
    /// deprovision leaves it as it was, with what the Platform must know of it.
    /// </summary>
    public ServiceInstanceRecord OperationFailed(string reason, bool instanceUsable, bool updateRepeatable, DateTimeOffset now) => LastOperation.Kind switch
    {
        OperationKind.Provision or OperationKind.Recreate => this with
        {
            State = InstanceState.ProvisionFailed,
            LastOperation = LastOperation.Failed(reason, now),
            UpdatedAt = now,
        },
        OperationKind.Update => this with
        {
            State = InstanceState.Ready,
            LastOperation = LastOperation.Failed(reason, now, instanceUsable, updateRepeatable),
            UpdatedAt = now,
        },
        _ => this with
        {
            State = InstanceState.Ready,
            LastOperation = LastOperation.Failed(reason, now, instanceUsable),
            UpdatedAt = now,
        },
    };

    /// <summary>
    /// A deprovision starts: it becomes the current operation; a provision still running is
    /// superseded (the spec's "halt the current creation process") and goes to the history as failed.
    /// </summary>
    public ServiceInstanceRecord StartingDeprovision(Operation deprovision, DateTimeOffset now)
    {
        var current = LastOperation;
        var superseded = current is { IsInProgress: true, Kind: OperationKind.Provision }
            ? current.Failed("Provisioning was halted by a deprovision request.", now)
            : current;
        return this with
        {
            State = InstanceState.Deprovisioning,
            LastOperation = deprovision,
            History = AppendToHistory(History, superseded),
            UpdatedAt = now,
        };
    }

    /// <summary>The current operation with a new progress description.</summary>
    public ServiceInstanceRecord WithProgress(string description) => this with { LastOperation = LastOperation with { Description = description } };

    /// <summary>The operation with this id, current or in the history.</summary>
    public Operation? FindOperation(string operationId) =>
        LastOperation.Id == operationId ? LastOperation : History.LastOrDefault(o => o.Id == operationId);

    private static IReadOnlyList<Operation> AppendToHistory(IReadOnlyList<Operation> history, Operation finished) =>
        [.. history.Skip(Math.Max(0, history.Count - HistoryLength + 1)), finished];
}

public enum InstanceState
{
    Provisioning,
    Ready,

    /// <summary>Provisioning failed; only a deprovision (orphan mitigation) is accepted.</summary>
    ProvisionFailed,
    Deprovisioning,

    /// <summary>Deleted asynchronously; kept so that last_operation can answer 410 Gone.</summary>
    Deleted,
}
