using System.Net;
using Esm.Service.Security;

namespace Esm.Service.Tests.Security;

public sealed class FailedLoginLimiterTests
{
    private static readonly IPAddress Guesser = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Other = IPAddress.Parse("192.0.2.2");

    [Test]
    public void An_address_is_locked_out_once_it_used_up_its_failures_and_no_other_address_is()
    {
        using var limiter = new FailedLoginLimiter(2);
        Assert.That(limiter.IsLockedOut(Guesser), Is.False);
        Assert.That((limiter.RecordFailure(Guesser), limiter.IsLockedOut(Guesser)), Is.EqualTo((true, false)));
        Assert.That((limiter.RecordFailure(Guesser), limiter.IsLockedOut(Guesser)), Is.EqualTo((true, true)));
        Assert.That(limiter.RecordFailure(Guesser), Is.False, "one failure too many");
        Assert.That(limiter.IsLockedOut(Other), Is.False);
    }
}
