using System.Net;
using System.Text;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Http;

/// <summary>How the string header parameters of the generated controllers are read.</summary>
public sealed class HeaderBindingTests : BrokerTestBase
{
    private static readonly string Identity = "cloudfoundry " + Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"user_id":"u"}"""));

    [TestCase("")]
    [TestCase("   ")]
    public async Task A_blank_originating_identity_is_as_if_there_were_none(string blank)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/service_instances/{NewId()}");
        request.Headers.TryAddWithoutValidation("X-Broker-API-Originating-Identity", blank);
        await OsbErrorAssert.IsErrorAsync(await Api.Http.SendAsync(request), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task An_originating_identity_sent_twice_is_read_as_one_value_and_refused()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/service_instances/{NewId()}");
        request.Headers.TryAddWithoutValidation("X-Broker-API-Originating-Identity", [Identity, Identity]);
        await OsbErrorAssert.IsErrorAsync(await Api.Http.SendAsync(request), HttpStatusCode.BadRequest, "BadRequest");
    }

    [Test]
    public async Task Entity_tags_in_several_If_None_Match_headers_are_all_compared()
    {
        var etag = (await Api.Http.GetAsync("/v2/catalog")).Headers.ETag!.Tag;
        var request = new HttpRequestMessage(HttpMethod.Get, "/v2/catalog");
        request.Headers.TryAddWithoutValidation("If-None-Match", ["\"other\"", etag]);
        Assert.That((await Api.Http.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }
}
