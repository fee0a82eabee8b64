using System.Net;
using System.Text;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Durability;

/// <summary>
/// kill -9 while an asynchronous operation runs, on each durable store: after the restart the
/// operation reaches its final state, and nothing is lost or duplicated.
/// </summary>
public sealed class CrashTests
{
    private const string Service = TestPlans.Service;
    private const string Plan = TestPlans.Interruptible;

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("esm-crash-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    public static IEnumerable<TestCaseData> Cases() =>
        from store in new[] { "sqlite", "mongodb" }
        from operation in new[] { "provision", "update", "deprovision", "bind" }
        select new TestCaseData(store, operation).SetArgDisplayNames(store, operation);

    [TestCaseSource(nameof(Cases))]
    public async Task An_operation_interrupted_by_kill_9_completes_after_the_restart(string store, string operation)
    {
        await using var broker = new DurableBroker(DurableBroker.Store(store, _directory));
        await broker.StartAsync();
        var http = broker.Platform.Http;

        // Everything before the operation under test is done and settled.
        if (operation != "provision")
        {
            await SendAsync(http, HttpMethod.Put, "/v2/service_instances/crash?accepts_incomplete=true", Provision, HttpStatusCode.Accepted);
            await WaitForAsync(http, "/v2/service_instances/crash/last_operation", "succeeded");
        }

        var (method, path, body, poll, outcome) = operation switch
        {
            "provision" => (HttpMethod.Put, "/v2/service_instances/crash?accepts_incomplete=true", Provision, "/v2/service_instances/crash/last_operation", "succeeded"),
            "update" => (HttpMethod.Patch, "/v2/service_instances/crash?accepts_incomplete=true", """{"service_id":"test-service","parameters":{"after":"crash"}}""", "/v2/service_instances/crash/last_operation", "succeeded"),
            "deprovision" => (HttpMethod.Delete, $"/v2/service_instances/crash?service_id={Service}&plan_id={Plan}&accepts_incomplete=true", (string?)null, "/v2/service_instances/crash/last_operation", "gone"),
            _ => (HttpMethod.Put, "/v2/service_instances/crash/service_bindings/b?accepts_incomplete=true", Bind, "/v2/service_instances/crash/service_bindings/b/last_operation", "succeeded"),
        };
        await SendAsync(http, method, path, body, HttpStatusCode.Accepted);
        await Task.Delay(300);
        await broker.CrashAndRestartAsync();

        await WaitForAsync(broker.Platform.Http, poll, outcome);
        var instances = await broker.Operator.Http.GetStringAsync("/v2/et/service_instances");
        var expectedInstances = operation == "deprovision" ? 0 : 1;
        Assert.That(instances.Split("\"instance_id\"").Length - 1, Is.EqualTo(expectedInstances), $"no instance lost or duplicated: {instances}");
        if (operation == "update")
        {
            Assert.That(await broker.Platform.Http.GetStringAsync("/v2/service_instances/crash"), Does.Contain("\"after\":\"crash\""));
        }

        if (operation == "bind")
        {
            Assert.That(await broker.Platform.Http.GetStringAsync("/v2/service_instances/crash/service_bindings/b"), Does.Contain("\"credentials\""));
        }
    }

    private static string Provision => $$"""{"service_id":"{{Service}}","plan_id":"{{Plan}}","organization_guid":"o","space_guid":"s"}""";

    private static string Bind => $$"""{"service_id":"{{Service}}","plan_id":"{{Plan}}"}""";

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, string? body, HttpStatusCode expected)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
    }

    /// <summary>Polls last_operation until it says <paramref name="outcome"/> ("gone" is 410).</summary>
    private static async Task WaitForAsync(HttpClient http, string path, string outcome)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            var response = await http.GetAsync(path);
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (outcome == "gone" ? response.StatusCode == HttpStatusCode.Gone : last.Contains($"\"state\":\"{outcome}\"", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"{path} did not reach '{outcome}' within 60 s; last answer: {last}");
    }
}
