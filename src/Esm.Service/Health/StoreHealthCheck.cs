using Esm.Service.Stores;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Esm.Service.Health;

/// <summary>
/// Ready only while the store answers: without it the broker can neither remember nor recall.
/// Degraded while it knows records it cannot read: it serves the others, and an operator must look.
/// </summary>
public sealed class StoreHealthCheck(IStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await store.IsReachableAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The store does not answer.");
            }

            var unreadable = store.Damage.Unreadable;
            return unreadable.Count == 0
                ? HealthCheckResult.Healthy("The store answers.")
                : HealthCheckResult.Degraded(
                    $"The store answers, but {unreadable.Count} stored record(s) cannot be read; they are left out until an operator repairs or removes them (see the log).",
                    data: new Dictionary<string, object> { ["unreadable"] = unreadable });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception text could name hosts or users of a connection string: say only what failed.
            return HealthCheckResult.Unhealthy($"The store failed to answer ({e.GetType().Name}).");
        }
    }
}
