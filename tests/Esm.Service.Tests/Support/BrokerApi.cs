using Esm.Client;

namespace Esm.Service.Tests.Support;

/// <summary>The generated clients over one broker, as a Platform (or, with its credentials, an operator) holds them.</summary>
public sealed class BrokerApi(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public CatalogClient Catalog { get; } = new(http);

    public ServiceInstancesClient Instances { get; } = new(http);

    public ServiceBindingsClient Bindings { get; } = new(http);

    public OperatorCatalogClient OperatorCatalog { get; } = new(http);

    public OperatorManifestsClient OperatorManifests { get; } = new(http);

    public OperatorInstancesClient OperatorInstances { get; } = new(http);
}
