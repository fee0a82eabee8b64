using System.Net;

namespace Esm.Bench.Scenarios;

/// <summary>
/// The whole life of an instance on the synchronous plan, per iteration: provision, bind, fetch,
/// unbind, deprovision. Each request counts on its own; a failed step ends the iteration, since
/// the next ones would fail for its sake.
/// </summary>
internal sealed class LifecycleScenario : IScenario
{
    public const string Key = "lifecycle";

    public string Name => Key;

    public async Task RunOnceAsync(ScenarioWorker worker, CancellationToken cancellationToken)
    {
        var instance = $"/v2/service_instances/{Guid.NewGuid()}";
        var binding = $"{instance}/service_bindings/{Guid.NewGuid()}";
        var query = BenchCatalog.SyncPlanQuery;
        _ = await worker.SendAsync(HttpMethod.Put, instance, BenchCatalog.SyncProvisionBody, HttpStatusCode.Created, cancellationToken)
            && await worker.SendAsync(HttpMethod.Put, binding, BenchCatalog.SyncBindBody, HttpStatusCode.Created, cancellationToken)
            && await worker.SendAsync(HttpMethod.Get, instance, null, HttpStatusCode.OK, cancellationToken)
            && await worker.SendAsync(HttpMethod.Delete, $"{binding}?{query}", null, HttpStatusCode.OK, cancellationToken)
            && await worker.SendAsync(HttpMethod.Delete, $"{instance}?{query}", null, HttpStatusCode.OK, cancellationToken);
    }
}
