using System.Text.Json.Nodes;
using Esm.Service.Stores;

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

    IReadOnlyDictionary<string, string> IStoredRecord<ServiceBindingRecord>.IndexedFields => new IndexedFieldValues(
        new(IndexedField.InstanceId, InstanceId),
        new(IndexedField.HasPendingOperation, LastOperation.IsInProgress ? "true" : "false"));

    public ServiceBindingRecord WithVersion(long version) => this with { Version = version };

    public ServiceBindingRecord WithLastOperation(Operation operation) => this with { LastOperation = operation };

    public Operation? FindOperation(string operationId) => LastOperation.Id == operationId ? LastOperation : null;

    /// <summary>
    /// Ids may hold any character (the spec restricts none), so the instance id is length-prefixed
    /// to keep keys unambiguous.
    /// </summary>
    public static string KeyOf(string instanceId, string bindingId) => $"{instanceId.Length}:{instanceId}/{bindingId}";
}
