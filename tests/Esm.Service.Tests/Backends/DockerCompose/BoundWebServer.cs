using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Esm.Service.Tests.Backends.DockerCompose;

/// <summary>The test catalogs' web server, reached the way an application would with its binding's credentials.</summary>
public static class BoundWebServer
{
    private static readonly HttpClient Web = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>GETs a binding's uri with the credentials it carries (user info becomes Basic auth, as a client would).</summary>
    public static async Task<(HttpStatusCode Status, string Body)> FetchAsync(string uri, string? password = null)
    {
        var target = new Uri(uri);
        var userInfo = Uri.UnescapeDataString(target.UserInfo);
        if (password is not null)
        {
            userInfo = userInfo[..userInfo.IndexOf(':', StringComparison.Ordinal)] + ":" + password;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(target) { UserName = string.Empty, Password = string.Empty }.Uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));
        using var response = await Web.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
