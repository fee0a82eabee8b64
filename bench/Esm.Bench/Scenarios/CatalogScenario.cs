using System.Net;

namespace Esm.Bench.Scenarios;

/// <summary>GET /v2/catalog: what a marketplace refresh sends, and the request the ceiling answers.</summary>
internal sealed class CatalogScenario(string name = CatalogScenario.Key) : IScenario
{
    public const string Key = "catalog";

    public string Name => name;

    public Task RunOnceAsync(ScenarioWorker worker, CancellationToken cancellationToken) =>
        worker.SendAsync(HttpMethod.Get, "/v2/catalog", null, HttpStatusCode.OK, cancellationToken);
}
