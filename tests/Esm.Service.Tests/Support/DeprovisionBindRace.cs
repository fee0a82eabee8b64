using System.Net;
using System.Text;

namespace Esm.Service.Tests.Support;

/// <summary>
/// A deprovision and a bind sent at the same moment on one instance, through the real HTTP
/// pipeline (of one broker, or of two replicas on one store), round after round. Whatever the
/// order, no binding may outlive its instance: when the deprovision succeeds, the binding is gone,
/// and an instance provisioned again under the same id by another organization has none.
/// </summary>
public static class DeprovisionBindRace
{
    /// <summary>Runs the rounds; returns how often each side won, for the test's output.</summary>
    public static async Task<string> RunAsync(HttpClient deprovisioning, HttpClient binding, int rounds)
    {
        var outcomes = new Dictionary<string, int>();
        for (var round = 0; round < rounds; round++)
        {
            var instance = $"race-{Guid.NewGuid():N}";
            Assert.That((await SendAsync(binding, HttpMethod.Put, $"/v2/service_instances/{instance}", Provision("org-a"))).Status, Is.EqualTo(HttpStatusCode.Created));

            var bind = SendAsync(binding, HttpMethod.Put, $"/v2/service_instances/{instance}/service_bindings/app", Bind);
            var delete = SendAsync(deprovisioning, HttpMethod.Delete, $"/v2/service_instances/{instance}?service_id={TestPlans.Service}&plan_id={TestPlans.Sync}", null);
            var (bound, deleted) = (await bind, await delete);
            var outcome = $"bind {(int)bound.Status}, deprovision {(int)deleted.Status}";
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            Assert.That((int)bound.Status, Is.AnyOf(201, 404, 422), $"round {round}: {outcome}: {bound.Body}");
            Assert.That((int)deleted.Status, Is.AnyOf(200, 422), $"round {round}: {outcome}: {deleted.Body}");

            var fetched = await SendAsync(binding, HttpMethod.Get, $"/v2/service_instances/{instance}/service_bindings/app", null);
            if (deleted.Status == HttpStatusCode.OK)
            {
                Assert.That(fetched.Status, Is.EqualTo(HttpStatusCode.NotFound), $"round {round}: {outcome}: the binding outlived its instance: {fetched.Body}");

                // The id provisioned again, by another organization: it inherits nothing.
                Assert.That((await SendAsync(deprovisioning, HttpMethod.Put, $"/v2/service_instances/{instance}", Provision("org-b"))).Status, Is.EqualTo(HttpStatusCode.Created));
                fetched = await SendAsync(binding, HttpMethod.Get, $"/v2/service_instances/{instance}/service_bindings/app", null);
                Assert.That(fetched.Status, Is.EqualTo(HttpStatusCode.NotFound), $"round {round}: the new instance sees an earlier one's binding: {fetched.Body}");
                var rebound = await SendAsync(binding, HttpMethod.Put, $"/v2/service_instances/{instance}/service_bindings/app", Bind);
                Assert.That(rebound.Status, Is.EqualTo(HttpStatusCode.Created), $"round {round}: binding the new instance: {rebound.Body}");
            }
            else
            {
                Assert.That(bound.Status, Is.EqualTo(HttpStatusCode.Created), $"round {round}: {outcome}: a refused deprovision leaves the bind to succeed");
                Assert.That(fetched.Status, Is.EqualTo(HttpStatusCode.OK), $"round {round}: {outcome}");
            }
        }

        return string.Join("; ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}"));
    }

    private static string Provision(string organization) =>
        $$"""{"service_id":"{{TestPlans.Service}}","plan_id":"{{TestPlans.Sync}}","organization_guid":"{{organization}}","space_guid":"s"}""";

    private static string Bind => $$"""{"service_id":"{{TestPlans.Service}}","plan_id":"{{TestPlans.Sync}}"}""";

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
