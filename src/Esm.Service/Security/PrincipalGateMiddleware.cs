using System.Globalization;
using System.Net;
using System.Security.Claims;
using Esm.Service.Broker;
using Esm.Service.Http;

namespace Esm.Service.Security;

/// <summary>
/// Demands a principal of one role before anything else about the request is looked at, so
/// that nothing (not even which API versions exist) is told to an unauthenticated caller.
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
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (limiter.IsLockedOut(address))
        {
            return RefuseAsync(context, address);
        }

        var attempt = verifier.Verify(context.Request.Headers.Authorization.ToString());
        if (attempt.Role is not { } proved)
        {
            if (attempt.Outcome == LoginOutcome.Wrong)
            {
                LogFailedLogin(attempt.ConfiguredUser, address);
            }

            return attempt.Failed && !limiter.RecordFailure(address)
                ? RefuseAsync(context, address)
                : CredentialRefusals.ChallengeAsync(context);
        }

        context.User = proved == BrokerRoles.Platform ? PlatformPrincipal : OperatorPrincipal;
        return proved == role ? next(context) : CredentialRefusals.ForbidAsync(context);
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

    private Task RefuseAsync(HttpContext context, IPAddress address)
    {
        LogLockedOut(logger, address, FailedLoginLimiter.Window.TotalSeconds);
        context.Response.Headers.RetryAfter = ((int)FailedLoginLimiter.Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return OsbErrorWriter.WriteAsync(context, BrokerFailure.TooManyFailedLogins, "Too many failed logins from this address; try again later.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed login for user '{User}' from {Address}.")]
    private static partial void LogFailedLoginOfUser(ILogger logger, string user, IPAddress address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed login for an unknown user from {Address}.")]
    private static partial void LogFailedLoginOfUnknownUser(ILogger logger, IPAddress address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Too many failed logins from {Address}: refused for up to {Seconds} s.")]
    private static partial void LogLockedOut(ILogger logger, IPAddress address, double seconds);
}
