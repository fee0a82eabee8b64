using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Http;

public sealed class FailedLoginLimitTests
{
    [Test]
    public async Task Past_the_limit_of_failed_logins_an_address_is_refused_with_429_even_with_the_right_credentials()
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
        Assert.That((await factory.CreatePlatformClient().GetAsync("/v2/catalog")).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "locked out whatever it sends");
        Assert.That(factory.Logs.Lines, Has.Some.Contains("Failed login for user 'platform-user'"));
        Assert.That(factory.Logs.Lines, Has.Some.Contains("Too many failed logins"));
        Assert.That(factory.Logs.Lines, Has.None.Contains("guess"), "the attempted password is never logged");
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
