using System.Net;
using System.Threading.RateLimiting;

namespace Esm.Service.Security;

/// <summary>
/// Slows password guessing: each client address may fail to authenticate a limited number of
/// times per window (ESM_AUTH_FAILURES_PER_MINUTE, default 10); past that, it is refused with
/// 429 until the window turns, even with the right credentials.
/// </summary>
public sealed class FailedLoginLimiter : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A lockout needs a failure in the window that is running, and a window ends at most one
    /// window (plus the limiter's replenishment tick) after it began; two windows leave a margin.
    /// </summary>
    private static readonly long LockoutHorizonMilliseconds = (long)(2 * Window.TotalMilliseconds);

    private readonly PartitionedRateLimiter<IPAddress> _failures;

    /// <summary>Environment.TickCount64 until which some address may be locked out.</summary>
    private long _lockoutPossibleUntil;

    public FailedLoginLimiter(int failuresPerWindow) =>
        _failures = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetFixedWindowLimiter(
            address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = failuresPerWindow, Window = Window, QueueLimit = 0, AutoReplenishment = true }));

    /// <summary>
    /// Whether this address has used up its failures for the current window. Without a recent
    /// failure from anyone, the answer is no without asking the limiter, whose statistics take a
    /// lock that every request would contend for.
    /// </summary>
    public bool IsLockedOut(IPAddress address) =>
        Environment.TickCount64 < Volatile.Read(ref _lockoutPossibleUntil)
        && _failures.GetStatistics(address)?.CurrentAvailablePermits == 0;

    /// <summary>Counts a failed login; false when that was one too many.</summary>
    public bool RecordFailure(IPAddress address)
    {
        // Before the permit is taken, so that no request can see the lockout and miss it here.
        Volatile.Write(ref _lockoutPossibleUntil, Environment.TickCount64 + LockoutHorizonMilliseconds);
        using var lease = _failures.AttemptAcquire(address);
        return lease.IsAcquired;
    }

    public void Dispose() => _failures.Dispose();
}
