using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Esm.Service.Tests.Support;

/// <summary>Checks a raw response is an OSB error: the status, and a body with a camel-case error and a description.</summary>
public static partial class OsbErrorAssert
{
    public static async Task<JsonElement> IsErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? errorCode = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        var body = JsonDocument.Parse(text).RootElement;
        var error = body.GetProperty("error").GetString();
        Assert.That(error, Does.Match(CamelCase()), "error must be a camel-case word");
        Assert.That(body.GetProperty("description").GetString(), Is.Not.Empty);
        if (errorCode is not null)
        {
            Assert.That(error, Is.EqualTo(errorCode));
        }

        return body;
    }

    [GeneratedRegex("^[A-Z][a-z]+(?:[A-Z][a-z]+)+$")]
    private static partial Regex CamelCase();
}
