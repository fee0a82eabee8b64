using Microsoft.AspNetCore.Authentication;

namespace Esm.Service.Security;

/// <summary>
/// Demands a principal of one role before anything else about the request is looked at, so
/// that nothing (not even which API versions exist) is told to an unauthenticated caller.
/// </summary>
public sealed class PrincipalGateMiddleware(RequestDelegate next, string role)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(BasicAuthenticationHandler.SchemeName);
        if (!result.Succeeded)
        {
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
}
