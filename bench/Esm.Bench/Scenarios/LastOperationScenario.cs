using System.Net;

namespace Esm.Bench.Scenarios;

/// <summary>GET /v2/service_instances/{existing}/last_operation: what a Platform polls while an asynchronous operation runs.</summary>
internal sealed class LastOperationScenario(TargetInstances targets) : IScenario
{
    public const string Key = "last_operation";

    public string Name => Key;

    public Task RunOnceAsync(ScenarioWorker worker, CancellationToken cancellationToken) =>
        worker.SendAsync(HttpMethod.Get, $"/v2/service_instances/{targets.Pick(worker)}/last_operation", null, HttpStatusCode.OK, cancellationToken);
}
