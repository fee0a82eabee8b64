using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Esm.Service.Broker;
using Esm.Service.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Esm.Service.Security;

/// <summary>
/// HTTP Basic for the platform and the operator. Secrets are compared in constant time over
/// their hashes, so neither content nor length leaks through timing.
/// </summary>
public sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    BrokerCredentials credentials)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Basic";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header is not valid base64."));
        }

        var separator = decoded.IndexOf(':');
        var user = separator < 0 ? decoded : decoded[..separator];
        var password = separator < 0 ? string.Empty : decoded[(separator + 1)..];
        var platform = Matches(user, password, credentials.BrokerUsername, credentials.BrokerPassword);
        var @operator = Matches(user, password, credentials.AdminUsername, credentials.AdminPassword);
        if (!platform && !@operator)
        {
            // Only a configured user name is logged: anything else in the user field may be a
            // password typed in the wrong place (or sent without its "user:" in front).
            if (user == credentials.BrokerUsername || user == credentials.AdminUsername)
            {
                Logger.LogWarning("Failed login for user '{User}' from {Address}.", user, Context.Connection.RemoteIpAddress);
            }
            else
            {
                Logger.LogWarning("Failed login for an unknown user from {Address}.", Context.Connection.RemoteIpAddress);
            }

            return Task.FromResult(AuthenticateResult.Fail("Wrong credentials."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user), new Claim(ClaimTypes.Role, platform ? BrokerRoles.Platform : BrokerRoles.Operator)],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Basic realm=\"ESM\", charset=\"UTF-8\"";
        return OsbErrorWriter.WriteAsync(Context, BrokerFailure.NotAuthenticated, "Missing or wrong credentials (HTTP Basic).");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        OsbErrorWriter.WriteAsync(Context, BrokerFailure.NotAuthorized, "These credentials may not call this endpoint.");

    private static bool Matches(string user, string password, string? expectedUser, string? expectedPassword) =>
        expectedUser is not null & expectedPassword is not null
        & FixedTimeEquals(user, expectedUser ?? string.Empty)
        & FixedTimeEquals(password, expectedPassword ?? string.Empty);

    private static bool FixedTimeEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
