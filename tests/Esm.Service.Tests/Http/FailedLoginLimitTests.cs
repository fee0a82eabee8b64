using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Http;

public sealed class FailedLoginLimitTests
{
    [Test]
    public async Task Past_the_limit_failed_logins_are_refused_with_429_and_the_right_credentials_still_pass()
    {
        using var factory = new BrokerFactory(new Dictionary<string, string?> { ["ESM_AUTH_FAILURES_PER_MINUTE"] = "3" });
        var guessing = factory.CreateBareClient();
        guessing.DefaultRequestHeaders.Add("X-Broker-API-Version", "2.17");
        guessing.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("platform-user:guess")));

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await OsbErrorAssert.IsErrorAsync(await guessing.GetAsync("/v2/catalog"), HttpStatusCode.Unauthorized);
        }

        var refused = await guessing.GetAsync("/v2/catalog");
        await OsbErrorAssert.IsErrorAsync(refused, HttpStatusCode.TooManyRequests, "TooManyFailedLogins");
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That((await factory.CreatePlatformClient().GetAsync("/v2/catalog")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the Platform on the same address is not locked out");
        Assert.That((await factory.CreateOperatorClient().GetAsync("/v2/et/catalog")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "nor is the operator");
        await OsbErrorAssert.IsErrorAsync(await guessing.GetAsync("/v2/catalog"), HttpStatusCode.TooManyRequests, "TooManyFailedLogins");
        Assert.That(factory.Logs.Lines, Has.Some.Contains("Failed login for user 'platform-user'"));
        Assert.That(factory.Logs.Lines.Count(l => l.Contains("Too many failed logins", StringComparison.Ordinal)), Is.EqualTo(1), "the limit is logged once, not per refusal");
        Assert.That(factory.Logs.Lines, Has.None.Contains("guess"), "the attempted password is never logged");
    }

    [Test]
    public async Task X_Forwarded_For_is_ignored_unless_it_comes_from_a_trusted_proxy()
    {
        await using var broker = await BrokerProcess.StartAsync(new Dictionary<string, string> { ["ESM_AUTH_FAILURES_PER_MINUTE"] = "2" });
        using var http = new HttpClient { BaseAddress = broker.Address };

        // A guesser naming a new address in each request is still counted on its own.
        Assert.That(await GuessAsync(http, "198.51.100.1"), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await GuessAsync(http, "198.51.100.2"), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await GuessAsync(http, "198.51.100.3"), Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(await broker.WroteAsync("Too many failed logins from 127.0.0.1"), Is.True, broker.Output);
    }

    [Test]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit()
    {
        await using var broker = await BrokerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ESM_AUTH_FAILURES_PER_MINUTE"] = "2",
            ["ESM_TRUSTED_PROXIES"] = "127.0.0.0/8",
        });
        using var http = new HttpClient { BaseAddress = broker.Address };

        Assert.That(await GuessAsync(http, "198.51.100.1"), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await GuessAsync(http, "198.51.100.1"), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await GuessAsync(http, "198.51.100.1"), Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(await GuessAsync(http, "198.51.100.2"), Is.EqualTo(HttpStatusCode.Unauthorized), "another client behind the proxy");
        Assert.That(await broker.WroteAsync("Too many failed logins from 198.51.100.1"), Is.True, broker.Output);
    }

    [Test]
    public void A_trusted_proxy_that_is_not_an_address_stops_the_start()
    {
        var failure = Assert.ThrowsAsync<InvalidOperationException>(() => BrokerProcess.StartAsync(new Dictionary<string, string> { ["ESM_TRUSTED_PROXIES"] = "proxy.example" }));

        Assert.That(failure!.Message, Does.Contain("ESM_TRUSTED_PROXIES: 'proxy.example' is neither an IP address nor a network"));
    }

    private static async Task<HttpStatusCode> GuessAsync(HttpClient http, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/catalog");
        request.Headers.Add("X-Broker-API-Version", "2.17");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("platform-user:guess")));
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Test]
    public async Task Requests_without_credentials_are_not_counted_as_failed_logins()
    {
        using var factory = new BrokerFactory(new Dictionary<string, string?> { ["ESM_AUTH_FAILURES_PER_MINUTE"] = "2" });
        var bare = factory.CreateBareClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.That((await bare.GetAsync("/v2/catalog")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        Assert.That((await factory.CreatePlatformClient().GetAsync("/v2/catalog")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
