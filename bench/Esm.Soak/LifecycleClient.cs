using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Esm.Soak;

/// <summary>
/// One Platform client: provisions (synchronously or asynchronously), binds, fetches, unbinds and
/// deprovisions, over and over. A request that meets a restarting broker is sent again, as a
/// Platform would: every OSB mutation is idempotent for an identical request.
/// </summary>
public sealed class LifecycleClient(int number, Uri broker, SoakLedger ledger)
{
    private const string Service = "5c7cdc3a-7d2e-4b6f-9b4e-0c5d2b7f1a01";
    private const string SmallPlan = "5c7cdc3a-7d2e-4b6f-9b4e-0c5d2b7f1a11";
    private const string LargePlan = "5c7cdc3a-7d2e-4b6f-9b4e-0c5d2b7f1a12";

    private readonly HttpClient _http = CreateHttp(broker);

    public async Task RunAsync(CancellationToken stop)
    {
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            var id = $"soak-{number}-{round}";
            var plan = round % 2 == 0 ? SmallPlan : LargePlan;
            var provision = $$"""{"service_id":"{{Service}}","plan_id":"{{plan}}","organization_guid":"soak","space_guid":"soak"}""";
            if (!await StepAsync(HttpMethod.Put, $"/v2/service_instances/{id}?accepts_incomplete=true", provision, [200, 201, 202], stop))
            {
                continue;
            }

            ledger.Provisioned[id] = 0;
            await AwaitAsync($"/v2/service_instances/{id}/last_operation", stop);
            await StepAsync(HttpMethod.Put, $"/v2/service_instances/{id}/service_bindings/b?accepts_incomplete=true", $$"""{"service_id":"{{Service}}","plan_id":"{{plan}}"}""", [200, 201], stop);
            await StepAsync(HttpMethod.Get, $"/v2/service_instances/{id}", null, [200], stop);
            await StepAsync(HttpMethod.Delete, $"/v2/service_instances/{id}/service_bindings/b?service_id={Service}&plan_id={plan}", null, [200, 410], stop);
            if (await StepAsync(HttpMethod.Delete, $"/v2/service_instances/{id}?service_id={Service}&plan_id={plan}&accepts_incomplete=true", null, [200, 202, 410], stop))
            {
                ledger.Deprovisioned[id] = 0;
                await AwaitAsync($"/v2/service_instances/{id}/last_operation", stop);
            }
        }
    }

    /// <summary>Sends until the broker answers; true when the answer is one the step expects.</summary>
    private async Task<bool> StepAsync(HttpMethod method, string path, string? body, int[] expected, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var status = await SendAsync(method, path, body, stop);
            if (status is null)
            {
                continue;
            }

            if (expected.Contains((int)status))
            {
                return true;
            }

            ledger.Surprised(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return false;
        }

        return false;
    }

    /// <summary>
    /// Polls last_operation until the operation is over: succeeded or failed, or, for a delete, 410
    /// (asynchronous) or 404 (a synchronous delete leaves nothing to ask about).
    /// </summary>
    private async Task AwaitAsync(string path, CancellationToken stop)
    {
        for (var poll = 0; poll < 600 && !stop.IsCancellationRequested; poll++)
        {
            using var response = await TryAsync(() => _http.GetAsync(path, stop));
            if (response is not null && (response.StatusCode is HttpStatusCode.Gone or HttpStatusCode.NotFound
                || (response.IsSuccessStatusCode && !(await response.Content.ReadAsStringAsync(stop)).Contains("in progress", StringComparison.Ordinal))))
            {
                return;
            }

            await Task.Delay(250, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task<HttpStatusCode?> SendAsync(HttpMethod method, string path, string? body, CancellationToken stop)
    {
        using var response = await TryAsync(() =>
        {
            var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            return _http.SendAsync(request, stop);
        });
        return response?.StatusCode;
    }

    /// <summary>The response, or null when the broker could not be reached (it is being restarted).</summary>
    private async Task<HttpResponseMessage?> TryAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            var response = await send();
            ledger.Answered();
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            ledger.Surprised("unreachable");
            await Task.Delay(100);
            return null;
        }
    }

    private static HttpClient CreateHttp(Uri broker)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) }) { BaseAddress = broker, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{BrokerUnderSoak.User}:{BrokerUnderSoak.Password}")));
        http.DefaultRequestHeaders.Add("X-Broker-API-Version", "2.17");
        return http;
    }
}
