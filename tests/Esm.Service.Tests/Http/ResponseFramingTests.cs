using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Esm.Client;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Http;

/// <summary>
/// How answers are framed on the wire: a JSON answer's length is known before it is sent. The
/// broker runs as a process, as the in-process test server frames nothing the way Kestrel does.
/// </summary>
public sealed class ResponseFramingTests
{
    private const string SyncProvision = """{"service_id":"test-service","plan_id":"sync","organization_guid":"o","space_guid":"s"}""";

    private BrokerProcess _broker = null!;

    [OneTimeSetUp]
    public async Task StartBrokerAsync() => _broker = await BrokerProcess.StartAsync();

    [OneTimeTearDown]
    public async Task StopBrokerAsync() => await _broker.DisposeAsync();

    [TestCase(null)]
    [TestCase("*/*")]
    [TestCase("application/json")]
    public async Task A_json_answer_carries_its_content_length_and_is_not_chunked(string? accept)
    {
        using var http = BrokerHttpClient.Create(_broker.Address, BrokerFactory.PlatformUser, BrokerFactory.PlatformPassword);
        var request = new HttpRequestMessage(HttpMethod.Put, $"/v2/service_instances/{Guid.NewGuid():N}")
        {
            Content = new StringContent(SyncProvision, Encoding.UTF8, "application/json"),
        };
        if (accept is not null)
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        }

        var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(response.Headers.TransferEncodingChunked, Is.Not.True);
        Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(body.Length));
        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("application/json; charset=utf-8"));
    }
}
