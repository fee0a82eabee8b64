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
}
