using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Esm.Api.Generated;
using Esm.Service.Backends;
using Esm.Service.Broker;
using Esm.Service.Catalog;
using Esm.Service.Model;
using Esm.Service.Stores;
using Microsoft.AspNetCore.Mvc;

namespace Esm.Service.Endpoints.Operator;

/// <summary>/v2/et/service_instances: what operators see of instances, and recreation.</summary>
public sealed class OperatorInstancesEndpoint(
    IStore store, ICatalogProvider catalog, BackendRegistry backends, ServiceInstanceBroker broker, ILogger<OperatorInstancesEndpoint> logger)
    : IOperatorInstancesController
{
    private const int DefaultPageSize = 100;
    private const int MaximumPageSize = 500;

    public async Task<ActionResult<InstancePage>> ListInstancesAsync(string? service_id, string? plan_id, int? page_size, string? page_token, CancellationToken cancellationToken)
    {
        var size = page_size ?? DefaultPageSize;
        if (size is < 1 or > MaximumPageSize)
        {
            throw new BrokerException(BrokerFailure.BadRequest, $"page_size must be between 1 and {MaximumPageSize}.");
        }

        var where = new Dictionary<string, string> { [IndexedField.Live] = "true" };
        if (service_id is not null)
        {
            where[IndexedField.ServiceId] = service_id;
        }

        if (plan_id is not null)
        {
            where[IndexedField.PlanId] = plan_id;
        }

        var page = await store.Instances.ListAsync(new RecordQuery(where, DecodePageToken(page_token), size), cancellationToken);
        return new OsbResult(StatusCodes.Status200OK, new InstancePage
        {
            Instances = [.. page.Items.Select(i => new InstanceSummary
            {
                Instance_id = i.InstanceId,
                Service_id = i.ServiceId,
                Plan_id = i.PlanId,
                State = StateName(i.State),
                Last_operation = ToDto(i.LastOperation),
                Created_at = i.CreatedAt,
                Updated_at = i.UpdatedAt,
            })],
            Next_page_token = page.NextAfterKey is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(page.NextAfterKey)),
        });
    }

    public async Task<ActionResult<InstanceDetail>> GetInstanceDetailAsync(string instance_id, CancellationToken cancellationToken)
    {
        var instance = await store.Instances.GetAsync(instance_id, cancellationToken);
        if (instance is null || instance.State == InstanceState.Deleted)
        {
            throw new BrokerException(BrokerFailure.NotFound, $"Instance '{instance_id}' does not exist.");
        }

        var bindings = await store.Bindings.ListAsync(RecordQuery.Matching(IndexedField.InstanceId, instance_id, MaximumPageSize), cancellationToken);
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
            Bindings = [.. bindings.Items.Where(b => b.State != BindingState.Deleted && b.InstanceIncarnation == instance.Incarnation).Select(ToDto)],
            Live = JsonShapes.ToDictionary(await LiveViewAsync(instance, cancellationToken)),
        });
    }

    public async Task<ActionResult<AsyncOperation>> RecreateInstanceAsync(string instance_id, CancellationToken cancellationToken)
    {
        var result = await broker.RecreateAsync(instance_id, cancellationToken);
        return new OsbResult(StatusCodes.Status202Accepted, new AsyncOperation { Operation = result.OperationId });
    }

    /// <summary>The backend's view; a backend that cannot answer is reported in it, not as a failed request.</summary>
    private async Task<System.Text.Json.Nodes.JsonObject> LiveViewAsync(ServiceInstanceRecord instance, CancellationToken cancellationToken)
    {
        var plan = catalog.Current.FindPlan(instance.PlanId);
        if (plan is null)
        {
            return new() { ["error"] = $"The plan '{instance.PlanId}' is no longer in the catalog." };
        }

        try
        {
            return await backends.For(plan.Manifest.ManifestType).DescribeAsync(instance, plan.Manifest, cancellationToken);
        }
        catch (Exception e) when (e is BackendException or TimeoutException or IOException)
        {
            logger.LogWarning("The live view of instance {InstanceId} failed: {Reason}", instance.InstanceId, e.Message);
            return new() { ["error"] = e.Message };
        }
    }

    private static string? DecodePageToken(string? token)
    {
        if (token is null)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new BrokerException(BrokerFailure.BadRequest, "page_token is not a token this broker issued.");
        }
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
