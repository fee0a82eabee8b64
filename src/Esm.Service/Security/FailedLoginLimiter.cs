using System.Net;
using System.Threading.RateLimiting;

namespace Esm.Service.Security;

/// <summary>
/// Slows password guessing: each client address may fail to authenticate a limited number of
/// times per window (ESM_AUTH_FAILURES_PER_MINUTE, default 10); past that, its failures are refused
/// with 429 until the window turns. Only failures are counted and refused: a request with the right
/// credentials always passes, so a guesser behind the same NAT, proxy or loopback as the Platform
/// never locks the Platform out.
/// </summary>
public sealed class FailedLoginLimiter(int failuresPerWindow) : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<IPAddress> _failures = PerAddress(failuresPerWindow);

    /// <summary>One report per address and window: a guesser past its limit must not flood the log.</summary>
    private readonly PartitionedRateLimiter<IPAddress> _reports = PerAddress(1);

    /// <summary>Counts a failed login from <paramref name="address"/>.</summary>
    public FailedLoginCount RecordFailure(IPAddress address)
    {
        using var failure = _failures.AttemptAcquire(address);
        if (failure.IsAcquired)
        {
            return FailedLoginCount.Counted;
        }

        using var report = _reports.AttemptAcquire(address);
        return report.IsAcquired ? FailedLoginCount.LimitReached : FailedLoginCount.OverLimit;
    }

    public void Dispose()
    {
        _failures.Dispose();
        _reports.Dispose();
    }

    private static PartitionedRateLimiter<IPAddress> PerAddress(int permits) => PartitionedRateLimiter.Create<IPAddress, IPAddress>(address =>
        RateLimitPartition.GetFixedWindowLimiter(
            address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = Window, QueueLimit = 0, AutoReplenishment = true }));
}

/// <summary>Where a failed login leaves its address.</summary>
public enum FailedLoginCount
{
    /// <summary>Within the window's budget: answered 401.</summary>
    Counted,

    /// <summary>The first failure past the budget in the window: refused with 429, and worth a line in the log.</summary>
    LimitReached,

    /// <summary>A further failure past the budget: refused with 429, quietly.</summary>
    OverLimit,
}
