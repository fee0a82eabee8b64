using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Esm.Service.Model;

namespace Esm.Service.Stores.InMemory;

/// <summary>
/// Copies of records that share no JSON node with the original. Everything else in a record is
/// immutable (init-only strings, numbers, dates, enums and records of them), so copying the nodes,
/// and the lists that hold records with nodes, is enough for no caller to change what the store keeps.
/// </summary>
/// <remarks>A JSON member added to a record must be copied here; the store contract tests find every one by reflection.</remarks>
internal static class RecordCopies
{
    public static ServiceInstanceRecord Of(ServiceInstanceRecord instance) => instance with
    {
        Context = Copy(instance.Context),
        Parameters = Copy(instance.Parameters),
        OriginatingIdentity = Of(instance.OriginatingIdentity),
        MetadataLabels = Copy(instance.MetadataLabels),
        MetadataAttributes = Copy(instance.MetadataAttributes),
        LastOperation = Of(instance.LastOperation),
        History = instance.History.Count == 0 ? [] : [.. instance.History.Select(Of)],
        BackendState = Copy(instance.BackendState),
    };

    public static ServiceBindingRecord Of(ServiceBindingRecord binding) => binding with
    {
        BindResource = Copy(binding.BindResource),
        Context = Copy(binding.Context),
        Parameters = Copy(binding.Parameters),
        OriginatingIdentity = Of(binding.OriginatingIdentity),
        Result = Copy(binding.Result),
        LastOperation = Of(binding.LastOperation),
    };

    public static ServiceTypeRecord Of(ServiceTypeRecord serviceType) => serviceType with { Declared = Copy(serviceType.Declared) };

    public static PlanManifest Of(PlanManifest manifest) => manifest with
    {
        Endpoints = Copy(manifest.Endpoints),
        Config = Copy(manifest.Config),
    };

    // Most operations hold no JSON node (no change, no identity), and are then shared, not copied.
    private static Operation Of(Operation operation) => operation.Change is null && operation.RequestedBy is null ? operation : operation with
    {
        Change = operation.Change is { } change ? change with { Parameters = Copy(change.Parameters), Context = Copy(change.Context) } : null,
        RequestedBy = Of(operation.RequestedBy),
    };

    private static OriginatingIdentity? Of(OriginatingIdentity? identity) => identity is null ? null : identity with { Value = Copy(identity.Value) };

    [return: NotNullIfNotNull(nameof(node))]
    private static JsonObject? Copy(JsonObject? node) => node?.DeepClone().AsObject();
}
