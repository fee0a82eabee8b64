using Esm.Service.Failures;
using Esm.Service.Http;

namespace Esm.Service.Security;

/// <summary>The answers to a request without the principal it needs: 401 with a Basic challenge, or 403.</summary>
public static class CredentialRefusals
{
    public static Task ChallengeAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"ESM\", charset=\"UTF-8\"";
        return OsbErrorWriter.WriteAsync(context, BrokerFailure.NotAuthenticated, "Missing or wrong credentials (HTTP Basic).");
    }

    public static Task ForbidAsync(HttpContext context) =>
        OsbErrorWriter.WriteAsync(context, BrokerFailure.NotAuthorized, "These credentials may not call this endpoint.");
}
