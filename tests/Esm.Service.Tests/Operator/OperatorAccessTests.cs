using System.Net;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Operator;

public sealed class OperatorAccessTests : BrokerTestBase
{
    private static readonly (HttpMethod Method, string Path)[] Endpoints =
    [
        (HttpMethod.Get, "/v2/et/catalog"), (HttpMethod.Put, "/v2/et/catalog"), (HttpMethod.Delete, "/v2/et/catalog?service_id=x"),
        (HttpMethod.Get, "/v2/et/manifest"), (HttpMethod.Get, "/v2/et/manifest/m"), (HttpMethod.Put, "/v2/et/manifest/m"),
        (HttpMethod.Delete, "/v2/et/manifest/m"), (HttpMethod.Get, "/v2/et/service_instances"),
        (HttpMethod.Get, "/v2/et/service_instances/i"), (HttpMethod.Post, "/v2/et/service_instances/i/recreate"),
    ];

    [Test]
    public async Task The_platform_principal_gets_403_on_every_operator_endpoint()
    {
        foreach (var (method, path) in Endpoints)
        {
            await OsbErrorAssert.IsErrorAsync(await Api.Http.SendAsync(new HttpRequestMessage(method, path)), HttpStatusCode.Forbidden, "NotAuthorized");
        }
    }

    [Test]
    public async Task No_credentials_get_401_on_every_operator_endpoint()
    {
        var http = Factory.CreateBareClient();
        foreach (var (method, path) in Endpoints)
        {
            await OsbErrorAssert.IsErrorAsync(await http.SendAsync(new HttpRequestMessage(method, path)), HttpStatusCode.Unauthorized);
        }
    }

    [Test]
    public async Task The_operator_needs_no_version_header()
    {
        var http = Factory.CreateOperatorClient();
        http.DefaultRequestHeaders.Remove("X-Broker-API-Version");
        Assert.That((await http.GetAsync("/v2/et/catalog")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
