namespace Esm.Service.Operations;

/// <summary>Which operation to run: of an instance, or of one of its bindings.</summary>
public sealed record OperationTicket(string InstanceId, string? BindingId, string OperationId);
