using Esm.Client;

namespace Esm.Cli.Rendering;

/// <summary>Offering and plan names by id, so that tables say "redis/small" rather than two UUIDs.</summary>
public sealed class CatalogNames(IReadOnlyDictionary<string, string> offerings, IReadOnlyDictionary<string, string> plans)
{
    public static CatalogNames Of(IEnumerable<ServiceType> serviceTypes)
    {
        var offerings = new Dictionary<string, string>(StringComparer.Ordinal);
        var plans = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var serviceType in serviceTypes)
        {
            offerings[serviceType.Id] = serviceType.Name;
            foreach (var plan in serviceType.Plans)
            {
                plans[plan.Id] = plan.Name;
            }
        }

        return new CatalogNames(offerings, plans);
    }

    /// <summary>The offering's name, or its id when it has left the catalog.</summary>
    public string Offering(string serviceId) => offerings.GetValueOrDefault(serviceId, serviceId);

    public string Plan(string planId) => plans.GetValueOrDefault(planId, planId);
}
