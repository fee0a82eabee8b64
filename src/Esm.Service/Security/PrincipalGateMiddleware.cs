using System.Globalization;
using System.Net;
using System.Security.Claims;
using Esm.Service.Failures;
using Esm.Service.Http;

namespace Esm.Service.Security;

/// <summary>
/// Demands a principal of one role before anything else about the request is looked at, so
/// that nothing (not even which API versions exist) is told to an unauthenticated caller. The
/// client's address, for the failed-login limit, is the connection's, or the one a trusted proxy
/// forwarded (ESM_TRUSTED_PROXIES).
/// </summary>
public sealed partial class PrincipalGateMiddleware(
    RequestDelegate next, string role, BasicCredentialVerifier verifier, FailedLoginLimiter limiter, ILogger<PrincipalGateMiddleware> logger)
{
    public const string AuthenticationType = "Basic";

    /// <summary>One principal per role, shared by every request that proves it: nothing changes a principal once set.</summary>
    private static readonly ClaimsPrincipal PlatformPrincipal = PrincipalOf(BrokerRoles.Platform);

    private static readonly ClaimsPrincipal OperatorPrincipal = PrincipalOf(BrokerRoles.Operator);

    public Task InvokeAsync(HttpContext context)
    {
        var attempt = verifier.Verify(context.Request.Headers.Authorization.ToString());
        if (attempt.Role is { } proved)
        {
            context.User = proved == BrokerRoles.Platform ? PlatformPrincipal : OperatorPrincipal;
            return proved == role ? next(context) : CredentialRefusals.ForbidAsync(context);
        }

        if (!attempt.Failed)
        {
            return CredentialRefusals.ChallengeAsync(context);
        }

        // Only failures are counted and refused: whatever a guesser on the same address did, the
        // right credentials were let through above.
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        switch (limiter.RecordFailure(address))
        {
            case FailedLoginCount.Counted:
                LogFailedLogin(attempt.ConfiguredUser, address);
                return CredentialRefusals.ChallengeAsync(context);
            case FailedLoginCount.LimitReached:
                LogLimitReached(logger, address, FailedLoginLimiter.Window.TotalSeconds);
                return RefuseAsync(context);
            default:
                return RefuseAsync(context);
        }
    }

    private static ClaimsPrincipal PrincipalOf(string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Role, role)], AuthenticationType));

    private void LogFailedLogin(string? configuredUser, IPAddress address)
    {
        if (configuredUser is not null)
        {
            LogFailedLoginOfUser(logger, configuredUser, address);
        }
        else
        {
            LogFailedLoginOfUnknownUser(logger, address);
        }
    }

    private static Task RefuseAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = ((int)FailedLoginLimiter.Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return OsbErrorWriter.WriteAsync(context, BrokerFailure.TooManyFailedLogins, "Too many failed logins from this address; try again later.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed login for user '{User}' from {Address}.")]
    private static partial void LogFailedLoginOfUser(ILogger logger, string user, IPAddress address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed login for an unknown user from {Address}.")]
    private static partial void LogFailedLoginOfUnknownUser(ILogger logger, IPAddress address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Too many failed logins from {Address}: its failures are refused for up to {Seconds} s; the right credentials still pass.")]
    private static partial void LogLimitReached(ILogger logger, IPAddress address, double seconds);
}
