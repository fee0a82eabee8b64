using System.Security.Claims;
using System.Text.Json;
using Esm.Service.Security;
using Microsoft.AspNetCore.Http;

namespace Esm.Service.Tests.Security;

/// <summary>The endpoint's own demand, for a request that reached it without passing its principal gate.</summary>
public sealed class RequiredRoleMiddlewareTests
{
    [Test]
    public async Task An_endpoint_reached_without_a_principal_is_401_with_a_challenge()
    {
        var (context, reached) = await InvokeAsync(BrokerRoles.Operator, user: null);
        Assert.That((reached, context.Response.StatusCode), Is.EqualTo((false, StatusCodes.Status401Unauthorized)));
        Assert.That(context.Response.Headers.WWWAuthenticate.ToString(), Does.StartWith("Basic"));
        Assert.That(ErrorCode(context), Is.EqualTo("NotAuthenticated"));
    }

    [Test]
    public async Task An_endpoint_reached_by_the_other_principal_is_403()
    {
        var (context, reached) = await InvokeAsync(BrokerRoles.Operator, user: BrokerRoles.Platform);
        Assert.That((reached, context.Response.StatusCode), Is.EqualTo((false, StatusCodes.Status403Forbidden)));
        Assert.That(ErrorCode(context), Is.EqualTo("NotAuthorized"));
    }

    [Test]
    public async Task An_endpoint_reached_by_its_principal_runs()
    {
        var (_, reached) = await InvokeAsync(BrokerRoles.Platform, user: BrokerRoles.Platform);
        Assert.That(reached, Is.True);
    }

    [Test]
    public async Task An_endpoint_that_demands_no_role_runs_for_anyone()
    {
        var (_, reached) = await InvokeAsync(role: null, user: null);
        Assert.That(reached, Is.True);
    }

    private static async Task<(HttpContext Context, bool Reached)> InvokeAsync(string? role, string? user)
    {
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, role is null ? EndpointMetadataCollection.Empty : new EndpointMetadataCollection(new RequiredRole(role)), "test"));
        if (user is not null)
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, user)], PrincipalGateMiddleware.AuthenticationType));
        }

        var reached = false;
        await new RequiredRoleMiddleware(_ =>
        {
            reached = true;
            return Task.CompletedTask;
        }).InvokeAsync(context);
        return (context, reached);
    }

    private static string? ErrorCode(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return JsonDocument.Parse(context.Response.Body).RootElement.GetProperty("error").GetString();
    }
}
