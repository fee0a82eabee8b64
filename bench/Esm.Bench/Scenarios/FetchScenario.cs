using System.Net;

namespace Esm.Bench.Scenarios;

/// <summary>GET /v2/service_instances/{existing}: one instance read by its id.</summary>
internal sealed class FetchScenario(TargetInstances targets) : IScenario
{
    public const string Key = "fetch";

    public string Name => Key;

    public Task RunOnceAsync(ScenarioWorker worker, CancellationToken cancellationToken) =>
        worker.SendAsync(HttpMethod.Get, $"/v2/service_instances/{targets.Pick(worker)}", null, HttpStatusCode.OK, cancellationToken);
}
