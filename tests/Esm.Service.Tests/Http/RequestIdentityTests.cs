using System.Net;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Http;

public sealed class RequestIdentityTests : BrokerTestBase
{
    [Test]
    public async Task The_request_identity_is_echoed_on_success()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v2/catalog");
        request.Headers.Add("X-Broker-API-Request-Identity", "e26cea22-ebb6-4a7e-8ab9-1b2f1b9f2c8e");
        var response = await Api.Http.SendAsync(request);
        Assert.That(response.Headers.GetValues("X-Broker-API-Request-Identity"), Is.EqualTo(new[] { "e26cea22-ebb6-4a7e-8ab9-1b2f1b9f2c8e" }));
    }

    [Test]
    public async Task The_request_identity_is_echoed_on_errors_too()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v2/service_instances/unknown/last_operation");
        request.Headers.Add("X-Broker-API-Request-Identity", "req-42");
        var response = await Api.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Headers.GetValues("X-Broker-API-Request-Identity"), Is.EqualTo(new[] { "req-42" }));
    }

    [Test]
    public async Task Each_request_is_logged_with_method_path_status_and_request_identity()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v2/catalog");
        request.Headers.Add("X-Broker-API-Request-Identity", "logged-identity-7");
        await Api.Http.SendAsync(request);
        Assert.That(Factory.Logs.Lines, Has.Some.Match("GET /v2/catalog 200 .* request-identity=logged-identity-7"));
    }

    // Test names are built from the arguments, and some runners drop a name with a line break.
    private static readonly string[][] ControlCharacterIdentities =
    [
        ["forged\n\u001b[2KGET /v2/catalog 200 0.1 ms request-identity=other", "forged\\n\\u001B[2KGET"],
        ["id-\u0007-\u007f", "id-\\u0007-\\u007F"],
    ];

    [TestCase(0)]
    [TestCase(1)]
    public async Task A_request_identity_with_control_characters_is_logged_escaped_and_not_echoed(int example)
    {
        var (identity, escaped) = (ControlCharacterIdentities[example][0], ControlCharacterIdentities[example][1]);
        var request = new HttpRequestMessage(HttpMethod.Get, "/v2/catalog");
        Assert.That(request.Headers.TryAddWithoutValidation("X-Broker-API-Request-Identity", identity), Is.True);
        var response = await Api.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Contains("X-Broker-API-Request-Identity"), Is.False);
        Assert.That(Factory.Logs.Lines, Has.Some.Contain("request-identity=" + escaped));
        Assert.That(Factory.Logs.Lines, Has.None.Contain(identity));
    }

    [Test]
    public async Task A_refusal_quoting_an_id_with_a_line_break_is_logged_escaped()
    {
        var response = await Api.Http.GetAsync("/v2/service_instances/one%0Aforged%1B/last_operation");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Factory.Logs.Lines, Has.Some.Contain("one\\nforged\\u001B"));
        Assert.That(Factory.Logs.Lines, Has.None.Contain("one\nforged"));
    }

    [Test]
    public async Task Credentials_never_reach_the_log()
    {
        await Api.Http.GetAsync("/v2/catalog");
        await Factory.CreateBareClient().GetAsync("/v2/catalog");
        Assert.That(Factory.Logs.Lines, Has.None.Contain(BrokerFactory.PlatformPassword));
        Assert.That(Factory.Logs.Lines, Has.None.Contain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{BrokerFactory.PlatformUser}:{BrokerFactory.PlatformPassword}"))));
    }

    [Test]
    public async Task The_request_log_line_has_the_status_the_client_got()
    {
        var id = NewId();
        Assert.That((await Api.Http.GetAsync($"/v2/service_instances/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Api.Http.DeleteAsync($"/v2/service_instances/{id}?service_id={TestPlans.Service}&plan_id={TestPlans.Sync}")).StatusCode, Is.EqualTo(HttpStatusCode.Gone));

        Assert.That(Factory.Logs.Lines, Has.Some.Contains($"GET /v2/service_instances/{id} 404"));
        Assert.That(Factory.Logs.Lines, Has.Some.Contains($"DELETE /v2/service_instances/{id} 410"));
        Assert.That(Factory.Logs.Lines, Has.None.Contains($"/v2/service_instances/{id} 200"));
    }
}
