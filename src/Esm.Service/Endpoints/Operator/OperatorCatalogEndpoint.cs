using System.Text.Json;
using Esm.Api.Generated;
using Esm.Service.Broker;
using Esm.Service.Catalog;
using Esm.Service.Contract;
using Esm.Service.Model;
using Microsoft.AspNetCore.Mvc;

namespace Esm.Service.Endpoints.Operator;

/// <summary>/v2/et/catalog: operators register, list and remove service types.</summary>
public sealed class OperatorCatalogEndpoint(OfferingRegistry registry) : IOperatorCatalogController
{
    public async Task<ActionResult<ServiceType>> RegisterServiceTypeAsync(ServiceType body, CancellationToken cancellationToken)
    {
        var declared = JsonShapes.FromDto(body)!;
        var (created, record) = await registry.RegisterAsync(declared, cancellationToken);
        return new OsbResult(created ? StatusCodes.Status201Created : StatusCodes.Status200OK, ToServiceType(record));
    }

    public async Task<ActionResult<ICollection<ServiceType>>> ListServiceTypesAsync(CancellationToken cancellationToken) =>
        new OsbResult(StatusCodes.Status200OK, (await registry.ListAsync(cancellationToken)).Select(ToServiceType).ToList());

    public async Task<ActionResult<AsyncOperation>> RemoveServiceTypeAsync(string service_id, CancellationToken cancellationToken)
    {
        RequestChecks.RequireText(service_id, "service_id");
        await registry.RemoveAsync(service_id, cancellationToken);
        return new OsbResult(StatusCodes.Status200OK, new AsyncOperation());
    }

    private static ServiceType ToServiceType(ServiceTypeRecord record)
    {
        var serviceType = record.Declared.Deserialize<ServiceType>(BrokerJson.Options)!;
        serviceType.Origin = record.Origin;
        return serviceType;
    }
}
