using Esm.Service.Backends;
using Esm.Service.Catalog;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Esm.Service.Health;

/// <summary>
/// Ready only while every backend that realises a plan of the catalog reaches what it drives (e.g.
/// the Docker engine). A backend no plan uses does not make the broker unready.
/// </summary>
public sealed class BackendsHealthCheck(BackendRegistry backends, ICatalogProvider catalog) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var used = catalog.Current.Plans.Select(p => p.Manifest.ManifestType).ToHashSet(StringComparer.Ordinal);
        var unreachable = new List<string>();
        foreach (var backend in backends.All.Where(b => used.Contains(b.ManifestType)))
        {
            bool reachable;
            try
            {
                reachable = await backend.IsReachableAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                reachable = false;
            }

            if (!reachable)
            {
                unreachable.Add(backend.ManifestType);
            }
        }

        var data = backends.All.ToDictionary(
            b => b.ManifestType,
            b => (object)(!used.Contains(b.ManifestType) ? "unused" : unreachable.Contains(b.ManifestType) ? "unreachable" : "reachable"));
        return unreachable.Count == 0
            ? HealthCheckResult.Healthy("Every backend is reachable.", data)
            : HealthCheckResult.Unhealthy($"Unreachable: {string.Join(", ", unreachable)}.", data: data);
    }
}
