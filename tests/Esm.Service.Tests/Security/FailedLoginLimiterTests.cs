using System.Net;
using Esm.Service.Security;

namespace Esm.Service.Tests.Security;

public sealed class FailedLoginLimiterTests
{
    private static readonly IPAddress Guesser = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Other = IPAddress.Parse("192.0.2.2");

    [Test]
    public void An_address_is_over_its_limit_once_it_used_up_its_failures_and_no_other_address_is()
    {
        using var limiter = new FailedLoginLimiter(2);

        Assert.That(limiter.RecordFailure(Guesser), Is.EqualTo(FailedLoginCount.Counted));
        Assert.That(limiter.RecordFailure(Guesser), Is.EqualTo(FailedLoginCount.Counted));
        Assert.That(limiter.RecordFailure(Guesser), Is.EqualTo(FailedLoginCount.LimitReached), "one failure too many");
        Assert.That(limiter.RecordFailure(Guesser), Is.EqualTo(FailedLoginCount.OverLimit), "reported once");
        Assert.That(limiter.RecordFailure(Other), Is.EqualTo(FailedLoginCount.Counted));
    }
}
