using Esm.Service.Stores;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Esm.Service.Health;

/// <summary>Ready only while the store answers: without it the broker can neither remember nor recall.</summary>
public sealed class StoreHealthCheck(IStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await store.IsReachableAsync(cancellationToken)
                ? HealthCheckResult.Healthy("The store answers.")
                : HealthCheckResult.Unhealthy("The store does not answer.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception text could name hosts or users of a connection string: say only what failed.
            return HealthCheckResult.Unhealthy($"The store failed to answer ({e.GetType().Name}).");
        }
    }
}
