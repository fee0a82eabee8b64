using System.Text.Json;
using Esm.Api.Generated;
using Esm.Service.Broker;
using Esm.Service.Contract;
using Esm.Service.Model;
using Microsoft.AspNetCore.Mvc;

namespace Esm.Service.Endpoints.Operator;

/// <summary>/v2/et/service_instances: what operators see of instances, and recreation.</summary>
public sealed class OperatorInstancesEndpoint(InstanceInventory inventory, ServiceInstanceBroker broker) : IOperatorInstancesController
{
    public async Task<ActionResult<InstancePage>> ListInstancesAsync(string? service_id, string? plan_id, int? page_size, string? page_token, CancellationToken cancellationToken)
    {
        var (instances, next) = await inventory.PageAsync(service_id, plan_id, page_size, page_token, cancellationToken);
        return new OsbResult(StatusCodes.Status200OK, new InstancePage
        {
            Instances = [.. instances.Select(i => new InstanceSummary
            {
                Instance_id = i.InstanceId,
                Service_id = i.ServiceId,
                Plan_id = i.PlanId,
                State = StateName(i.State),
                Last_operation = ToDto(i.LastOperation),
                Created_at = i.CreatedAt,
                Updated_at = i.UpdatedAt,
            })],
            Next_page_token = next,
        });
    }

    public async Task<ActionResult<InstanceDetail>> GetInstanceDetailAsync(string instance_id, CancellationToken cancellationToken)
    {
        var (instance, bindings, live) = await inventory.DetailAsync(instance_id, cancellationToken);
        return new OsbResult(StatusCodes.Status200OK, new InstanceDetail
        {
            Instance_id = instance.InstanceId,
            Service_id = instance.ServiceId,
            Plan_id = instance.PlanId,
            State = StateName(instance.State),
            Organization_guid = instance.OrganizationGuid,
            Space_guid = instance.SpaceGuid,
            Context = JsonShapes.ToDictionary(instance.Context),
            Parameters = JsonShapes.ToDictionary(instance.Parameters),
            Maintenance_version = instance.MaintenanceVersion,
            Originating_identity = ToDto(instance.OriginatingIdentity),
            Dashboard_url = instance.DashboardUrl,
            Created_at = instance.CreatedAt,
            Updated_at = instance.UpdatedAt,
            Operations = [.. instance.History.Append(instance.LastOperation).Select(ToDto)],
            Bindings = [.. bindings.Select(ToDto)],
            Live = JsonShapes.ToDictionary(live),
        });
    }

    public async Task<ActionResult<AsyncOperation>> RecreateInstanceAsync(string instance_id, CancellationToken cancellationToken)
    {
        var result = await broker.RecreateAsync(instance_id, cancellationToken);
        return new OsbResult(StatusCodes.Status202Accepted, new AsyncOperation { Operation = result.OperationId });
    }

    private static string StateName<TState>(TState state) where TState : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(state.ToString());

    private static OperationRecord ToDto(Operation operation) => new()
    {
        Id = operation.Id,
        Kind = StateName(operation.Kind),
        State = LastOperationResponses.StateOf(operation),
        Async = operation.Async,
        Description = operation.Description,
        Started_at = operation.StartedAt,
        Finished_at = operation.FinishedAt,
        Requested_by = ToDto(operation.RequestedBy),
    };

    private static OriginatingIdentityValue? ToDto(OriginatingIdentity? identity) =>
        identity is null ? null : new OriginatingIdentityValue { Platform = identity.Platform, Value = JsonShapes.ToDictionary(identity.Value)! };

    /// <summary>Everything about a binding but its credentials: an operator view must not leak secrets.</summary>
    private static BindingDetail ToDto(ServiceBindingRecord binding) => new()
    {
        Binding_id = binding.BindingId,
        State = StateName(binding.State),
        App_guid = binding.AppGuid,
        Bind_resource = JsonShapes.ToDictionary(binding.BindResource),
        Context = JsonShapes.ToDictionary(binding.Context),
        Parameters = JsonShapes.ToDictionary(binding.Parameters),
        Predecessor_binding_id = binding.PredecessorBindingId,
        Originating_identity = ToDto(binding.OriginatingIdentity),
        Expires_at = binding.ExpiresAt,
        Created_at = binding.CreatedAt,
        Last_operation = ToDto(binding.LastOperation),
    };
}
