using Esm.Api.Generated;
using Esm.Service.Broker;
using Esm.Service.Contract;
using Esm.Service.Model;
using Esm.Service.Operations;
using Microsoft.AspNetCore.Mvc;

namespace Esm.Service.Endpoints;

/// <summary>The Service Instance operations of api.yaml: DTOs to broker requests, results to status codes.</summary>
public sealed class ServiceInstancesEndpoint(ServiceInstanceBroker broker) : IServiceInstancesController
{
    public async Task<ActionResult<ServiceInstanceProvisionResponse>> ProvisionAsync(
        string? x_Broker_API_Originating_Identity, bool? accepts_incomplete, ServiceInstanceProvisionRequest body, string instance_id, CancellationToken cancellationToken)
    {
#pragma warning disable CS0612 // organization_guid and space_guid are deprecated, yet still required by OSB 2.17.
        var request = new ProvisionRequest(
            instance_id, body.Service_id, body.Plan_id, body.Organization_guid, body.Space_guid,
            JsonShapes.ToNodeUnlessEmpty(body.Context), JsonShapes.ToNodeUnlessEmpty(body.Parameters), body.Maintenance_info?.Version,
            accepts_incomplete == true, OriginatingIdentityHeader.Parse(x_Broker_API_Originating_Identity));
#pragma warning restore CS0612
        var result = await broker.ProvisionAsync(request, cancellationToken);
        var response = new ServiceInstanceProvisionResponse
        {
            Dashboard_url = result.Record.DashboardUrl,
            Operation = result.OperationId,
            Metadata = MetadataOf(result.Record),
        };
        return new OsbResult(StatusOf(result.Completion), response);
    }

    public async Task<ActionResult<ServiceInstanceUpdateResponse>> UpdateAsync(
        string? x_Broker_API_Originating_Identity, bool? accepts_incomplete, ServiceInstanceUpdateRequest body, string instance_id, CancellationToken cancellationToken)
    {
        var request = new UpdateRequest(
            instance_id, body.Service_id, body.Plan_id, JsonShapes.ToNodeUnlessEmpty(body.Context), JsonShapes.ToNodeUnlessEmpty(body.Parameters),
            body.Maintenance_info?.Version, accepts_incomplete == true, OriginatingIdentityHeader.Parse(x_Broker_API_Originating_Identity));
        var result = await broker.UpdateAsync(request, cancellationToken);
        var response = new ServiceInstanceUpdateResponse
        {
            Dashboard_url = result.Record.DashboardUrl,
            Operation = result.OperationId,
            Metadata = MetadataOf(result.Record),
        };
        return new OsbResult(result.Completion == Completion.Accepted ? StatusCodes.Status202Accepted : StatusCodes.Status200OK, response);
    }

    public async Task<ActionResult<AsyncOperation>> DeprovisionAsync(
        string? x_Broker_API_Originating_Identity, string? service_id, string? plan_id, bool? accepts_incomplete, string instance_id, CancellationToken cancellationToken)
    {
        var request = new DeprovisionRequest(
            instance_id, service_id, plan_id, accepts_incomplete == true, OriginatingIdentityHeader.Parse(x_Broker_API_Originating_Identity));
        var result = await broker.DeprovisionAsync(request, cancellationToken);
        return result.Completion == Completion.Accepted
            ? new OsbResult(StatusCodes.Status202Accepted, new AsyncOperation { Operation = result.OperationId })
            : new OsbResult(StatusCodes.Status200OK, new AsyncOperation());
    }

    public async Task<ActionResult<ServiceInstanceResource>> FetchInstanceAsync(
        string? x_Broker_API_Originating_Identity, string? service_id, string? plan_id, string instance_id, CancellationToken cancellationToken)
    {
        OriginatingIdentityHeader.Parse(x_Broker_API_Originating_Identity);
        var instance = await broker.FetchAsync(instance_id, service_id, plan_id, cancellationToken);
        return new OsbResult(StatusCodes.Status200OK, new ServiceInstanceResource
        {
            Service_id = instance.ServiceId,
            Plan_id = instance.PlanId,
            Dashboard_url = instance.DashboardUrl,
            Parameters = JsonShapes.ToDictionary(instance.Parameters),
            Maintenance_info = instance.MaintenanceVersion is { } version ? new MaintenanceInfo { Version = version } : null,
            Metadata = MetadataOf(instance),
        });
    }

    public async Task<ActionResult<InstanceLastOperation>> GetInstanceLastOperationAsync(
        string? x_Broker_API_Originating_Identity, string? service_id, string? plan_id, string? operation, string instance_id, CancellationToken cancellationToken)
    {
        OriginatingIdentityHeader.Parse(x_Broker_API_Originating_Identity);
        var last = await broker.LastOperationAsync(instance_id, service_id, plan_id, operation, cancellationToken);
        return LastOperationResponses.Respond(last, LastOperationResponses.ForInstance(last));
    }

    internal static int StatusOf(Completion completion) => completion switch
    {
        Completion.Created => StatusCodes.Status201Created,
        Completion.AlreadyDone => StatusCodes.Status200OK,
        _ => StatusCodes.Status202Accepted,
    };

    /// <summary>Only sent when there is something in it: several Platforms refuse unexpected fields.</summary>
    private static ServiceInstanceMetadata? MetadataOf(ServiceInstanceRecord instance) =>
        instance.MetadataLabels is null && instance.MetadataAttributes is null
            ? null
            : new ServiceInstanceMetadata
            {
                Labels = JsonShapes.ToDictionary(instance.MetadataLabels),
                Attributes = JsonShapes.ToDictionary(instance.MetadataAttributes),
            };
}
