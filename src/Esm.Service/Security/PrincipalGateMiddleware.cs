using System.Net;
using Esm.Service.Broker;
using Esm.Service.Http;
using Microsoft.AspNetCore.Authentication;

namespace Esm.Service.Security;

/// <summary>
/// Demands a principal of one role before anything else about the request is looked at, so
/// that nothing (not even which API versions exist) is told to an unauthenticated caller.
/// </summary>
public sealed class PrincipalGateMiddleware(RequestDelegate next, string role, FailedLoginLimiter limiter, ILogger<PrincipalGateMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (limiter.IsLockedOut(address))
        {
            await RefuseAsync(context, address);
            return;
        }

        var result = await context.AuthenticateAsync(BasicAuthenticationHandler.SchemeName);
        if (!result.Succeeded)
        {
            // No credentials at all is a Platform asking what to send, not a guess.
            if (result.Failure is not null && !limiter.RecordFailure(address))
            {
                await RefuseAsync(context, address);
                return;
            }

            await context.ChallengeAsync(BasicAuthenticationHandler.SchemeName);
            return;
        }

        context.User = result.Principal;
        if (!context.User.IsInRole(role))
        {
            await context.ForbidAsync(BasicAuthenticationHandler.SchemeName);
            return;
        }

        await next(context);
    }

    private Task RefuseAsync(HttpContext context, IPAddress address)
    {
        logger.LogWarning("Too many failed logins from {Address}: refused for up to {Seconds} s.", address, FailedLoginLimiter.Window.TotalSeconds);
        context.Response.Headers.RetryAfter = ((int)FailedLoginLimiter.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return OsbErrorWriter.WriteAsync(context, BrokerFailure.TooManyFailedLogins, "Too many failed logins from this address; try again later.");
    }
}
