using System.Globalization;
using Esm.Api.Generated;
using Esm.Service.Broker;
using Esm.Service.Contract;
using Esm.Service.Model;
using Esm.Service.Operations;
using Microsoft.AspNetCore.Mvc;

namespace Esm.Service.Endpoints;

/// <summary>The Service Binding operations of api.yaml: DTOs to broker requests, results to status codes.</summary>
public sealed class ServiceBindingsEndpoint(ServiceBindingBroker broker) : IServiceBindingsController
{
    /// <summary>The spec's timestamp pattern for binding metadata: yyyy-mm-ddThh:mm:ss.sZ.</summary>
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.f'Z'";

    public async Task<ActionResult<ServiceBindingResponse>> BindAsync(
        string? x_Broker_API_Originating_Identity, bool? accepts_incomplete, ServiceBindingRequest body, string instance_id, string binding_id, CancellationToken cancellationToken)
    {
#pragma warning disable CS0612 // app_guid is deprecated in favour of bind_resource.app_guid, yet still honoured.
        var appGuid = body.App_guid;
#pragma warning restore CS0612
        var request = new BindRequest(
            instance_id, binding_id, body.Service_id, body.Plan_id, appGuid,
            JsonShapes.FromDto(body.Bind_resource),
            JsonShapes.ToNodeUnlessEmpty(body.Context), JsonShapes.ToNodeUnlessEmpty(body.Parameters), body.Predecessor_binding_id,
            accepts_incomplete == true, OriginatingIdentityHeader.Parse(x_Broker_API_Originating_Identity));
        var result = await broker.BindAsync(request, cancellationToken);
        if (result.Completion == Completion.Accepted)
        {
            return new OsbResult(StatusCodes.Status202Accepted, new ServiceBindingResponse { Operation = result.OperationId });
        }

        var response = JsonShapes.Convert<ServiceBindingResponse>(result.Record.Result) ?? new ServiceBindingResponse();
        response.Metadata = MetadataOf(result.Record);
        return new OsbResult(ServiceInstancesEndpoint.StatusOf(result.Completion), response);
    }

    public async Task<ActionResult<AsyncOperation>> UnbindAsync(
        string? x_Broker_API_Originating_Identity, string? service_id, string? plan_id, bool? accepts_incomplete, string instance_id, string binding_id, CancellationToken cancellationToken)
    {
        var request = new UnbindRequest(
            instance_id, binding_id, service_id, plan_id, accepts_incomplete == true, OriginatingIdentityHeader.Parse(x_Broker_API_Originating_Identity));
        var result = await broker.UnbindAsync(request, cancellationToken);
        return result.Completion == Completion.Accepted
            ? new OsbResult(StatusCodes.Status202Accepted, new AsyncOperation { Operation = result.OperationId })
            : new OsbResult(StatusCodes.Status200OK, new AsyncOperation());
    }

    public async Task<ActionResult<ServiceBindingResource>> FetchBindingAsync(
        string? x_Broker_API_Originating_Identity, string? service_id, string? plan_id, string instance_id, string binding_id, CancellationToken cancellationToken)
    {
        OriginatingIdentityHeader.Parse(x_Broker_API_Originating_Identity);
        var binding = await broker.FetchAsync(instance_id, binding_id, service_id, plan_id, cancellationToken);
        var resource = JsonShapes.Convert<ServiceBindingResource>(binding.Result) ?? new ServiceBindingResource();
        resource.Parameters = JsonShapes.ToDictionary(binding.Parameters);
        resource.Metadata = MetadataOf(binding);
        return new OsbResult(StatusCodes.Status200OK, resource);
    }

    public async Task<ActionResult<BindingLastOperation>> GetBindingLastOperationAsync(
        string? x_Broker_API_Originating_Identity, string? service_id, string? plan_id, string? operation, string instance_id, string binding_id, CancellationToken cancellationToken)
    {
        OriginatingIdentityHeader.Parse(x_Broker_API_Originating_Identity);
        var last = await broker.LastOperationAsync(instance_id, binding_id, service_id, plan_id, operation, cancellationToken);
        return LastOperationResponses.Respond(last, LastOperationResponses.ForBinding(last));
    }

    private static ServiceBindingMetadata? MetadataOf(ServiceBindingRecord binding) =>
        binding.ExpiresAt is null && binding.RenewBefore is null
            ? null
            : new ServiceBindingMetadata
            {
                Expires_at = binding.ExpiresAt?.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture),
                Renew_before = binding.RenewBefore?.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture),
            };
}
