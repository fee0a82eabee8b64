using System.Net;
using System.Text;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Http;

/// <summary>Bad input gets a 4xx with an OSB error body and changes nothing; never a 500.</summary>
public sealed class MalformedInputTests : BrokerTestBase
{
    private const string ValidBody = """{"service_id":"test-service","plan_id":"sync","organization_guid":"o","space_guid":"s"}""";

    [TestCase("{not json", "invalid start of a property name")]
    [TestCase("", "non-empty request body")]
    [TestCase("[]", "")]
    [TestCase("\"text\"", "")]
    [TestCase("""{"service_id":5,"plan_id":"sync","organization_guid":"o","space_guid":"s"}""", "service_id")]
    [TestCase("""{"service_id":"test-service","plan_id":"sync","organization_guid":"o","space_guid":"s","parameters":"x"}""", "parameters")]
    [TestCase("""{"service_id":"test-service","plan_id":"sync","organization_guid":"o","space_guid":"s","context":[1]}""", "context")]
    [TestCase("""{"plan_id":"sync","organization_guid":"o","space_guid":"s"}""", "service_id")]
    public async Task A_provision_body_that_cannot_be_read_is_400_naming_the_problem(string body, string mentioned)
    {
        var id = NewId();
        var response = await Api.Http.PutAsync($"/v2/service_instances/{id}", new StringContent(body, Encoding.UTF8, "application/json"));
        var error = await OsbErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest");
        Assert.That(error.GetProperty("description").GetString(), Does.Contain(mentioned));
        Assert.That((await Api.Http.GetAsync($"/v2/service_instances/{id}/last_operation")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing was created");
    }

    [Test]
    public async Task A_body_without_a_json_content_type_is_still_read_as_json()
    {
        var response = await Api.Http.PutAsync($"/v2/service_instances/{NewId()}", new StringContent(ValidBody, Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Unknown_fields_are_ignored_as_the_spec_requires()
    {
        var body = ValidBody.TrimEnd('}') + ""","x-vendor-extension":{"a":1}}""";
        var response = await Api.Http.PutAsync($"/v2/service_instances/{NewId()}", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task A_body_over_the_limit_is_413()
    {
        var huge = """{"service_id":"test-service","plan_id":"sync","organization_guid":"o","space_guid":"s","parameters":{"blob":" """ + new string('x', 2 * 1024 * 1024) + "\"}}";
        using var factory = new BrokerFactory();
        var http = factory.CreatePlatformClient();
        var response = await http.PutAsync($"/v2/service_instances/{NewId()}", new StringContent(huge, Encoding.UTF8, "application/json"));
        await OsbErrorAssert.IsErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestTooLarge");
    }

    [TestCase("cloudfoundry")]
    [TestCase("cloudfoundry not-base64!")]
    [TestCase("cloudfoundry bm90IGpzb24=")]
    [TestCase("cloudfoundry WzEsMl0=")]
    public async Task A_malformed_originating_identity_is_400_and_creates_nothing(string header)
    {
        var id = NewId();
        var request = new HttpRequestMessage(HttpMethod.Put, $"/v2/service_instances/{id}") { Content = new StringContent(ValidBody, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Broker-API-Originating-Identity", header);
        await OsbErrorAssert.IsErrorAsync(await Api.Http.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.That((await Api.Http.GetAsync($"/v2/service_instances/{id}/last_operation")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("..")]
    [TestCase("a%2Fb")]
    [TestCase("%E2%9C%93-unicode")]
    [TestCase("with%20space")]
    public async Task Path_like_and_unicode_ids_are_plain_ids(string id)
    {
        var response = await Api.Http.PutAsync($"/v2/service_instances/{id}", new StringContent(ValidBody, Encoding.UTF8, "application/json"));
        Assert.That((int)response.StatusCode, Is.LessThan(500), await response.Content.ReadAsStringAsync());
    }

    [TestCase("PUT", "/v2/service_instances/{0}")]
    [TestCase("PATCH", "/v2/service_instances/{0}")]
    [TestCase("PUT", "/v2/service_instances/{0}/service_bindings/b")]
    public async Task A_request_without_body_or_content_type_is_400_not_415(string method, string path)
    {
        var response = await Api.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, path, NewId())));

        var error = await OsbErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest");
        Assert.That(error.GetProperty("description").GetString(), Does.Contain("non-empty request body"));
    }
}
