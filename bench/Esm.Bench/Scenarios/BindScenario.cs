using System.Net;

namespace Esm.Bench.Scenarios;

/// <summary>PUT /v2/service_instances/{existing}/service_bindings/{new id}: 201 with credentials.</summary>
internal sealed class BindScenario(TargetInstances targets) : IScenario
{
    public const string Key = "bind";

    public string Name => Key;

    public Task RunOnceAsync(ScenarioWorker worker, CancellationToken cancellationToken) =>
        worker.SendAsync(
            HttpMethod.Put,
            $"/v2/service_instances/{targets.Pick(worker)}/service_bindings/{Guid.NewGuid()}",
            BenchCatalog.AsyncBindBody,
            HttpStatusCode.Created,
            cancellationToken);
}
