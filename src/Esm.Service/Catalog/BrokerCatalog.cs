using System.Security.Cryptography;
using System.Text.Json;
using Esm.Api.Generated;
using Esm.Service.Contract;

namespace Esm.Service.Catalog;

/// <summary>
/// One immutable version of the catalog: the offerings, an index of plans, and the response body
/// serialised once with its entity tag, so GET /v2/catalog does no work per request.
/// </summary>
public sealed class BrokerCatalog
{
    private readonly Dictionary<string, ServiceOffering> _servicesById;
    private readonly Dictionary<string, CatalogPlan> _plansById;

    public BrokerCatalog(IReadOnlyList<ServiceOffering> services, IReadOnlyList<CatalogPlan> plans)
    {
        Services = services;
        _servicesById = services.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _plansById = plans.ToDictionary(p => p.Id, StringComparer.Ordinal);
        ResponseBody = JsonSerializer.SerializeToUtf8Bytes(new Esm.Api.Generated.Catalog { Services = [.. services] }, BrokerJson.Options);
        ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(ResponseBody).AsSpan(0, 16)) + "\"";
    }

    public static BrokerCatalog Empty { get; } = new([], []);

    public IReadOnlyList<ServiceOffering> Services { get; }

    public IEnumerable<CatalogPlan> Plans => _plansById.Values;

    /// <summary>The body of GET /v2/catalog.</summary>
    public byte[] ResponseBody { get; }

    /// <summary>A strong entity tag of <see cref="ResponseBody"/>.</summary>
    public string ETag { get; }

    public ServiceOffering? FindService(string serviceId) => _servicesById.GetValueOrDefault(serviceId);

    public CatalogPlan? FindPlan(string planId) => _plansById.GetValueOrDefault(planId);
}
