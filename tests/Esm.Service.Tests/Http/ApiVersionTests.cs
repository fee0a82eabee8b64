using System.Net;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Http;

public sealed class ApiVersionTests : BrokerTestBase
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    [TestCase("2")]
    [TestCase("2.x")]
    [TestCase("3.0")]
    [TestCase("1.17")]
    [TestCase("v2.17")]
    [TestCase("2.17.1")]
    public async Task A_missing_or_unusable_version_is_412_naming_the_supported_versions(string? version)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v2/catalog");
        var http = Factory.CreatePlatformClient();
        http.DefaultRequestHeaders.Remove("X-Broker-API-Version");
        if (version is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Broker-API-Version", version);
        }

        var body = await OsbErrorAssert.IsErrorAsync(await http.SendAsync(request), HttpStatusCode.PreconditionFailed);
        Assert.That(body.GetProperty("description").GetString(), Does.Contain("2.x"));
    }

    [TestCase("2.0")]
    [TestCase("2.13")]
    [TestCase("2.17")]
    [TestCase("2.99")]
    public async Task Any_minor_of_major_2_is_accepted(string version)
    {
        var http = Factory.CreatePlatformClient();
        http.DefaultRequestHeaders.Remove("X-Broker-API-Version");
        http.DefaultRequestHeaders.Add("X-Broker-API-Version", version);
        var response = await http.GetAsync("/v2/catalog");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_header_sent_twice_is_412()
    {
        var http = Factory.CreatePlatformClient();
        http.DefaultRequestHeaders.Add("X-Broker-API-Version", "2.17");
        await OsbErrorAssert.IsErrorAsync(await http.GetAsync("/v2/catalog"), HttpStatusCode.PreconditionFailed);
    }

    [Test]
    public async Task Every_OSB_endpoint_checks_the_version_before_anything_else()
    {
        var http = Factory.CreatePlatformClient();
        http.DefaultRequestHeaders.Remove("X-Broker-API-Version");
        var requests = new[]
        {
            new HttpRequestMessage(HttpMethod.Put, "/v2/service_instances/x?accepts_incomplete=true"),
            new HttpRequestMessage(HttpMethod.Patch, "/v2/service_instances/x") { Content = new StringContent("{}") },
            new HttpRequestMessage(HttpMethod.Delete, "/v2/service_instances/x?service_id=a&plan_id=b"),
            new HttpRequestMessage(HttpMethod.Get, "/v2/service_instances/x"),
            new HttpRequestMessage(HttpMethod.Get, "/v2/service_instances/x/last_operation"),
            new HttpRequestMessage(HttpMethod.Put, "/v2/service_instances/x/service_bindings/y"),
            new HttpRequestMessage(HttpMethod.Delete, "/v2/service_instances/x/service_bindings/y"),
            new HttpRequestMessage(HttpMethod.Get, "/v2/service_instances/x/service_bindings/y"),
            new HttpRequestMessage(HttpMethod.Get, "/v2/service_instances/x/service_bindings/y/last_operation"),
        };
        foreach (var request in requests)
        {
            await OsbErrorAssert.IsErrorAsync(await http.SendAsync(request), HttpStatusCode.PreconditionFailed, "UnsupportedApiVersion");
        }
    }
}
