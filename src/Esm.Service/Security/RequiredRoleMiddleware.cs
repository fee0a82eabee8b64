namespace Esm.Service.Security;

/// <summary>
/// Each endpoint demands its principal again, whatever the order of the middleware before it:
/// an endpoint with a <see cref="RequiredRole"/> that no principal gate has proved is refused.
/// It only reads what a gate established, so a request pays for its credentials once.
/// </summary>
public sealed class RequiredRoleMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequiredRole>() is not { } required || context.User.IsInRole(required.Role))
        {
            return next(context);
        }

        return context.User.Identity?.IsAuthenticated == true
            ? CredentialRefusals.ForbidAsync(context)
            : CredentialRefusals.ChallengeAsync(context);
    }
}
