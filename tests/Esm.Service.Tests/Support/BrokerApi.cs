using Esm.Client;

namespace Esm.Service.Tests.Support;

/// <summary>The generated clients over one broker, as a Platform would hold them.</summary>
public sealed class BrokerApi(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public CatalogClient Catalog { get; } = new(http);

    public ServiceInstancesClient Instances { get; } = new(http);

    public ServiceBindingsClient Bindings { get; } = new(http);
}
