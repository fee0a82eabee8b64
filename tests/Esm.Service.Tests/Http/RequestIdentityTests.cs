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

    [Test]
    public async Task Credentials_never_reach_the_log()
    {
        await Api.Http.GetAsync("/v2/catalog");
        await Factory.CreateBareClient().GetAsync("/v2/catalog");
        Assert.That(Factory.Logs.Lines, Has.None.Contain(BrokerFactory.PlatformPassword));
        Assert.That(Factory.Logs.Lines, Has.None.Contain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{BrokerFactory.PlatformUser}:{BrokerFactory.PlatformPassword}"))));
    }
}
