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

    private readonly PartitionedRateLimiter<IPAddress> _failures;

    public FailedLoginLimiter(int failuresPerWindow) =>
        _failures = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetFixedWindowLimiter(
            address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = failuresPerWindow, Window = Window, QueueLimit = 0, AutoReplenishment = true }));

    /// <summary>Whether this address has used up its failures for the current window.</summary>
    public bool IsLockedOut(IPAddress address) => _failures.GetStatistics(address)?.CurrentAvailablePermits == 0;

    /// <summary>Counts a failed login; false when that was one too many.</summary>
    public bool RecordFailure(IPAddress address)
    {
        using var lease = _failures.AttemptAcquire(address);
        return lease.IsAcquired;
    }

    public void Dispose() => _failures.Dispose();
}
