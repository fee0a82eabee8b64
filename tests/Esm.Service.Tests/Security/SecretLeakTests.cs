using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Security;

/// <summary>
/// Secrets pass through the broker (its own passwords in every request, credentials it hands
/// out, secret-looking parameters and identities from the Platform, wrong passwords from a
/// guesser or a careless hand) and must not come out where they do not belong: not in anything
/// logged, even at Trace level, nor in the health report, nor (credentials) in the operator's
/// view of an instance.
/// </summary>
public sealed class SecretLeakTests : BrokerTestBase
{
    private readonly Dictionary<string, string> _secrets = [];

    protected override IReadOnlyDictionary<string, string?>? BrokerSettings => new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["ESM_AUTH_FAILURES_PER_MINUTE"] = "1000",
    };

    [Test]
    public async Task Secrets_appear_in_no_log_line_nor_in_the_health_report_nor_credentials_in_the_operator_view()
    {
        Keep("platform password", BrokerFactory.PlatformPassword);
        Keep("operator password", BrokerFactory.OperatorPassword);
        Keep("platform Authorization", Base64($"{BrokerFactory.PlatformUser}:{BrokerFactory.PlatformPassword}"));
        Keep("operator Authorization", Base64($"{BrokerFactory.OperatorUser}:{BrokerFactory.OperatorPassword}"));
        var instance = NewId("secret-instance");
        var asyncInstance = NewId("secret-async");
        var identity = $"cloudfoundry {Base64(new JsonObject { ["user_id"] = "alice", ["token"] = Keep("identity token", Secret()) }.ToJsonString())}";

        await SendAsync(Api.Http, HttpMethod.Put, $"/v2/service_instances/{instance}", Provision(TestPlans.Sync, Keep("instance parameter", Secret())), identity);
        await SendAsync(Api.Http, HttpMethod.Put, $"/v2/service_instances/{asyncInstance}?accepts_incomplete=true", Provision(TestPlans.Async, Keep("async instance parameter", Secret())), identity);
        await AwaitInstanceOperationAsync(asyncInstance);
        var bound = await BindAsync(instance, TestPlans.Sync, accepts: false, identity);
        var asyncBound = await BindAsync(asyncInstance, TestPlans.Async, accepts: true, identity);
        await RefusedUpdateAsync(instance);
        await WrongCredentialsAsync();

        var instanceView = await ReadAsync(Operator.Http, $"/v2/et/service_instances/{instance}");
        var asyncInstanceView = await ReadAsync(Operator.Http, $"/v2/et/service_instances/{asyncInstance}");
        using var anonymous = Factory.CreateBareClient();
        var health = await ReadAsync(anonymous, "/health/ready");

        var logs = string.Join('\n', Factory.Logs.Lines);
        Assert.Multiple(() =>
        {
            foreach (var (name, secret) in _secrets)
            {
                Assert.That(logs, Does.Not.Contain(secret), $"the {name} is in the log");
                Assert.That(health, Does.Not.Contain(secret), $"the {name} is in /health/ready");
            }

            foreach (var credential in new[] { bound, asyncBound }.SelectMany(c => new[] { c["password"]!.GetValue<string>(), c["uri"]!.GetValue<string>() }))
            {
                Assert.That(instanceView + asyncInstanceView, Does.Not.Contain(credential), "the operator view shows credentials");
            }
        });
        TestContext.Out.WriteLine($"secrets leaked: 0 ({_secrets.Count} secrets looked for in {Factory.Logs.Lines.Count} log lines, the health report and the operator view)");
    }

    /// <summary>Binds, takes the credentials (after the operation, when asynchronous), and adds them to the secrets.</summary>
    private async Task<JsonObject> BindAsync(string instance, string plan, bool accepts, string identity)
    {
        var binding = NewId("secret-binding");
        var path = $"/v2/service_instances/{instance}/service_bindings/{binding}";
        var body = new JsonObject { ["service_id"] = TestPlans.Service, ["plan_id"] = plan, ["parameters"] = new JsonObject { ["password"] = Keep($"{plan} binding parameter", Secret()) } };
        var answer = await SendAsync(Api.Http, HttpMethod.Put, accepts ? path + "?accepts_incomplete=true" : path, body, identity);
        if (accepts)
        {
            await AwaitBindingOperationAsync(instance, binding);
            answer = JsonNode.Parse(await ReadAsync(Api.Http, path))!.AsObject();
        }

        var credentials = answer["credentials"]!.AsObject();
        Keep($"{plan} binding password", credentials["password"]!.GetValue<string>());
        Keep($"{plan} binding uri", credentials["uri"]!.GetValue<string>());
        return credentials;
    }

    /// <summary>A refused update whose parameters hold a secret: refusals are logged with their reason.</summary>
    private async Task RefusedUpdateAsync(string instance)
    {
        var body = new JsonObject { ["service_id"] = TestPlans.Service, ["parameters"] = new JsonObject { ["size"] = Keep("refused parameter", Secret()) } };
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/v2/service_instances/{instance}") { Content = Json(body) };
        using var response = await Api.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    /// <summary>Wrong passwords, the real ones in the wrong place, and the real ones for the wrong principal.</summary>
    private async Task WrongCredentialsAsync()
    {
        var wrong = Keep("wrong password", Secret());
        string[] authorizations =
        [
            $"Basic {Base64($"{BrokerFactory.PlatformUser}:{wrong}")}",
            $"Basic {Base64($"{wrong}:{BrokerFactory.PlatformUser}")}",
            $"Basic {Base64(BrokerFactory.PlatformPassword)}",
            $"Basic {Base64($"{BrokerFactory.PlatformPassword}:{BrokerFactory.PlatformUser}")}",
            $"Basic {Base64($"{BrokerFactory.OperatorUser}:{BrokerFactory.PlatformPassword}")}",
            $"Bearer {BrokerFactory.OperatorPassword}",
            $"Basic {Base64($"{BrokerFactory.OperatorUser}:{BrokerFactory.OperatorPassword}")}",
        ];
        using var bare = Factory.CreateBareClient();
        foreach (var authorization in authorizations)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/catalog");
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            request.Headers.TryAddWithoutValidation("X-Broker-API-Version", "2.17");
            using var response = await bare.SendAsync(request);
            Assert.That((int)response.StatusCode, Is.AnyOf(401, 403), authorization);
        }
    }

    private static async Task<JsonObject> SendAsync(HttpClient http, HttpMethod method, string path, JsonObject body, string identity)
    {
        using var request = new HttpRequestMessage(method, path) { Content = Json(body) };
        request.Headers.TryAddWithoutValidation("X-Broker-API-Originating-Identity", identity);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.InRange(200, 299), $"{method} {path}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<string> ReadAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await response.Content.ReadAsStringAsync();
    }

    private static JsonObject Provision(string plan, string secret) => new()
    {
        ["service_id"] = TestPlans.Service,
        ["plan_id"] = plan,
        ["organization_guid"] = "org",
        ["space_guid"] = "space",
        ["parameters"] = new JsonObject { ["password"] = secret },
    };

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private string Keep(string name, string secret)
    {
        _secrets[name] = secret;
        return secret;
    }

    private static string Secret() => $"s3cr3t-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
