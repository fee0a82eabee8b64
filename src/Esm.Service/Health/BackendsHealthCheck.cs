using Esm.Service.Backends;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Esm.Service.Health;

/// <summary>Ready only while every backend reaches what it drives (e.g. the Docker engine).</summary>
public sealed class BackendsHealthCheck(BackendRegistry backends) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var unreachable = new List<string>();
        foreach (var backend in backends.All)
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

        var data = backends.All.ToDictionary(b => b.ManifestType, b => (object)(unreachable.Contains(b.ManifestType) ? "unreachable" : "reachable"));
        return unreachable.Count == 0
            ? HealthCheckResult.Healthy("Every backend is reachable.", data)
            : HealthCheckResult.Unhealthy($"Unreachable: {string.Join(", ", unreachable)}.", data: data);
    }
}
