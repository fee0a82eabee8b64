using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Http;

public sealed class AuthenticationTests : BrokerTestBase
{
    [TestCase(null)]
    [TestCase("platform-user:wrong")]
    [TestCase("nobody:platform-password")]
    [TestCase(":")]
    [TestCase("platform-user")]
    public async Task Missing_or_wrong_credentials_are_401_with_a_challenge(string? credentials)
    {
        var http = Factory.CreateBareClient();
        http.DefaultRequestHeaders.Add("X-Broker-API-Version", "2.17");
        if (credentials is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }

        var response = await http.GetAsync("/v2/catalog");
        await OsbErrorAssert.IsErrorAsync(response, HttpStatusCode.Unauthorized, "NotAuthenticated");
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.StartWith("Basic"));
    }

    [Test]
    public async Task Authorization_that_is_not_base64_is_401_not_500()
    {
        var http = Factory.CreateBareClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic %%%not-base64%%%");
        await OsbErrorAssert.IsErrorAsync(await http.GetAsync("/v2/catalog"), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Authentication_is_checked_before_the_version_header()
    {
        var response = await Factory.CreateBareClient().GetAsync("/v2/catalog");
        await OsbErrorAssert.IsErrorAsync(response, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task The_operator_principal_is_refused_on_the_OSB_endpoints()
    {
        var http = Esm.Client.BrokerHttpClient.Configure(Factory.CreateBareClient(), BrokerFactory.OperatorUser, BrokerFactory.OperatorPassword);
        await OsbErrorAssert.IsErrorAsync(await http.GetAsync("/v2/catalog"), HttpStatusCode.Forbidden, "NotAuthorized");
    }

    [Test]
    public async Task Every_OSB_endpoint_demands_credentials()
    {
        var http = Factory.CreateBareClient();
        http.DefaultRequestHeaders.Add("X-Broker-API-Version", "2.17");
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Put, "/v2/service_instances/x"), (HttpMethod.Patch, "/v2/service_instances/x"),
            (HttpMethod.Delete, "/v2/service_instances/x"), (HttpMethod.Get, "/v2/service_instances/x/last_operation"),
            (HttpMethod.Put, "/v2/service_instances/x/service_bindings/y"), (HttpMethod.Get, "/v2/service_instances/x/service_bindings/y"),
        })
        {
            await OsbErrorAssert.IsErrorAsync(await http.SendAsync(new HttpRequestMessage(method, path)), HttpStatusCode.Unauthorized);
        }
    }

    [Test]
    public async Task The_contract_and_its_UI_need_no_credentials()
    {
        var http = Factory.CreateBareClient();
        var document = await http.GetAsync("/v2/swagger.json");
        Assert.That(document.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await document.Content.ReadAsStringAsync(), Does.Contain("\"/v2/service_instances/{instance_id}\""));
        var ui = await http.GetAsync("/v2/ui/index.html");
        Assert.That(ui.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
