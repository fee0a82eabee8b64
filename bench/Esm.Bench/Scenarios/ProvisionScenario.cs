using System.Net;

namespace Esm.Bench.Scenarios;

/// <summary>PUT /v2/service_instances/{new id} on the synchronous plan: 201 once the instance is stored (durably, with SQLite) and provisioned.</summary>
internal sealed class ProvisionScenario : IScenario
{
    public const string Key = "provision";

    public string Name => Key;

    public Task RunOnceAsync(ScenarioWorker worker, CancellationToken cancellationToken) =>
        worker.SendAsync(HttpMethod.Put, $"/v2/service_instances/{Guid.NewGuid()}", BenchCatalog.SyncProvisionBody, HttpStatusCode.Created, cancellationToken);
}
