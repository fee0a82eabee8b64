using System.Net;
using System.Text.Json;

namespace Esm.Bench.Scenarios;

/// <summary>
/// Provisions the instances the bind, fetch and last_operation scenarios work on when the store
/// was not seeded: through the API on the asynchronous plan, as a Platform would, then waits
/// until every one has succeeded.
/// </summary>
internal static class TargetProvisioner
{
    private const int InFlight = 16;

    public static async Task<IReadOnlyList<string>> ProvisionAsync(ServerProcess broker, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = BenchHttp.Create(broker.Port, InFlight);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToArray();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = deadline.Token }, async (id, token) =>
        {
            using var content = new ByteArrayContent(BenchCatalog.AsyncProvisionBody);
            content.Headers.ContentType = new("application/json");
            using var response = await http.PutAsync($"/v2/service_instances/{id}?accepts_incomplete=true", content, token);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"Provisioning a target instance answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
            }

            while (await StateOfAsync(http, id, token) == "in progress")
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), token);
            }
        });
        return ids;
    }

    private static async Task<string?> StateOfAsync(HttpClient http, string id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/v2/service_instances/{id}/last_operation", cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var state = body.RootElement.TryGetProperty("state", out var value) ? value.GetString() : null;
        return state is "in progress" or "succeeded"
            ? state
            : throw new InvalidOperationException($"A target instance's provision ended {(int)response.StatusCode} {body.RootElement}.");
    }
}
