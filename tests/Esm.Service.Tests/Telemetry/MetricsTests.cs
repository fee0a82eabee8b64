using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Esm.Client;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Telemetry;

/// <summary>
/// /metrics as Prometheus scrapes it, from a broker process of its own (the counts are exactly
/// what this test caused): the operator principal only, and the operations, store and backend
/// calls and HTTP requests a lifecycle made.
/// </summary>
public sealed partial class MetricsTests
{
    private readonly TemporaryDirectory _data = new();
    private BrokerProcess _broker = null!;

    /// <summary>On SQLite: the in-memory store's calls are not timed (they do no I/O worth timing).</summary>
    [OneTimeSetUp]
    public async Task StartBroker() => _broker = await BrokerProcess.StartAsync(new Dictionary<string, string>
    {
        ["ESM_STORE"] = "sqlite",
        ["ESM_SQLITE_PATH"] = _data.File("esm.db"),
    });

    [OneTimeTearDown]
    public async Task StopBroker()
    {
        await _broker.DisposeAsync();
        _data.Dispose();
    }

    private HttpClient Client(string user, string password) => BrokerHttpClient.Create(_broker.Address, user, password);

    [Test]
    public async Task Only_the_operator_reads_the_metrics()
    {
        using var anonymous = new HttpClient { BaseAddress = _broker.Address };
        using var platform = Client(BrokerFactory.PlatformUser, BrokerFactory.PlatformPassword);
        using var @operator = Client(BrokerFactory.OperatorUser, BrokerFactory.OperatorPassword);

        var refused = await anonymous.GetAsync("/metrics");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("\"error\""), "an OSB error body");
        Assert.That((await platform.GetAsync("/metrics")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var scraped = await @operator.GetAsync("/metrics");
        Assert.That(scraped.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(scraped.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain").Or.EqualTo("application/openmetrics-text"));
    }

    [Test]
    public async Task A_scrape_shows_the_operations_and_calls_a_lifecycle_made()
    {
        using var platform = Client(BrokerFactory.PlatformUser, BrokerFactory.PlatformPassword);
        using var @operator = Client(BrokerFactory.OperatorUser, BrokerFactory.OperatorPassword);
        var provision = $$"""{"service_id":"{{TestPlans.Service}}","plan_id":"{{TestPlans.Sync}}","organization_guid":"o","space_guid":"s"}""";
        var failing = $$"""{"service_id":"{{TestPlans.Service}}","plan_id":"{{TestPlans.FailProvision}}","organization_guid":"o","space_guid":"s"}""";
        var bind = $$"""{"service_id":"{{TestPlans.Service}}","plan_id":"{{TestPlans.Sync}}"}""";
        var query = $"service_id={TestPlans.Service}&plan_id={TestPlans.Sync}";

        await ExpectAsync(platform, HttpMethod.Put, "/v2/service_instances/m1", provision, HttpStatusCode.Created);
        await ExpectAsync(platform, HttpMethod.Put, "/v2/service_instances/m2", provision, HttpStatusCode.Created);
        await ExpectAsync(platform, HttpMethod.Put, "/v2/service_instances/m1/service_bindings/b1", bind, HttpStatusCode.Created);
        await ExpectAsync(platform, HttpMethod.Delete, $"/v2/service_instances/m1/service_bindings/b1?{query}", null, HttpStatusCode.OK);
        await ExpectAsync(platform, HttpMethod.Delete, $"/v2/service_instances/m1?{query}", null, HttpStatusCode.OK);
        await ExpectAsync(platform, HttpMethod.Put, "/v2/service_instances/m3?accepts_incomplete=true", failing, HttpStatusCode.Accepted);
        await WaitForStateAsync(platform, "m3", "failed");

        var metrics = await @operator.GetStringAsync("/metrics");
        TestContext.Out.WriteLine(metrics);

        double Value(string name, params (string Label, string Value)[] labels) => Samples(metrics, name, labels);
        var sync = new[] { ("esm_service_id", TestPlans.Service), ("esm_plan_id", TestPlans.Sync), ("esm_backend", "dummy") };
        Assert.Multiple(() =>
        {
            Assert.That(Value("esm_operations_started_total", [.. sync, ("esm_operation_kind", "provision")]), Is.EqualTo(2));
            Assert.That(Value("esm_operations_finished_total", [.. sync, ("esm_operation_kind", "provision"), ("esm_operation_outcome", "succeeded")]), Is.EqualTo(2));
            Assert.That(Value("esm_operations_finished_total", [.. sync, ("esm_operation_kind", "bind"), ("esm_operation_outcome", "succeeded")]), Is.EqualTo(1));
            Assert.That(Value("esm_operations_finished_total", [.. sync, ("esm_operation_kind", "unbind"), ("esm_operation_outcome", "succeeded")]), Is.EqualTo(1));
            Assert.That(Value("esm_operations_finished_total", [.. sync, ("esm_operation_kind", "deprovision"), ("esm_operation_outcome", "succeeded")]), Is.EqualTo(1));
            Assert.That(
                Value("esm_operations_finished_total", ("esm_plan_id", TestPlans.FailProvision), ("esm_operation_kind", "provision"), ("esm_operation_outcome", "failed")),
                Is.EqualTo(1));
            Assert.That(Value("esm_operations_in_flight"), Is.EqualTo(0), "every operation ended");
            Assert.That(Value("esm_operation_duration_seconds_count", [.. sync, ("esm_operation_kind", "provision")]), Is.EqualTo(2));
            Assert.That(Value("esm_backend_call_duration_seconds_count", ("esm_backend", "dummy"), ("esm_backend_call", "provision")), Is.EqualTo(3));
            Assert.That(Value("esm_store_call_duration_seconds_count", ("esm_store_collection", "instances"), ("esm_store_call", "insert")), Is.EqualTo(3));
            Assert.That(Value("http_server_request_duration_seconds_count", ("http_route", "v2/service_instances/{instance_id}"), ("http_request_method", "PUT")), Is.GreaterThanOrEqualTo(3));
        });
    }

    private static async Task ExpectAsync(HttpClient http, HttpMethod method, string path, string? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(expected), $"{method} {path}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task WaitForStateAsync(HttpClient http, string instance, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await http.GetStringAsync($"/v2/service_instances/{instance}/last_operation")).Contains($"\"state\":\"{state}\"", StringComparison.Ordinal))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"instance {instance} did not reach '{state}' within 30 s");
            await Task.Delay(100);
        }
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    private static double Samples(string metrics, string name, (string Label, string Value)[] labels) =>
        SampleLine().Matches(metrics)
            .Where(m => m.Groups["name"].Value == name)
            .Where(m => labels.All(l => m.Groups["labels"].Value.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    /// <summary>A sample line: name, labels (whose quoted values may hold braces, as routes do), value.</summary>
    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>(?:[^""}]|""(?:[^""\\]|\\.)*"")*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
