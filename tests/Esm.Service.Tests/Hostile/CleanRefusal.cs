using System.Text.Json;
using System.Text.RegularExpressions;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// The properties every answer to a hostile request has: never a 5xx, and every 4xx (but to a
/// HEAD, which has no body) is an OSB error: JSON with a camel-case <c>error</c> and a non-empty
/// <c>description</c>. A failure names the request, so FsCheck's report can be replayed by hand.
/// </summary>
public static partial class CleanRefusal
{
    public static async Task CheckAsync(Attempt attempt, HttpResponseMessage response)
    {
        var request = attempt.Request;
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (status >= 500 || (attempt.MustBeRefused && status < 400))
        {
            throw Failure(request, status, body, attempt.MustBeRefused ? "expected a 4xx" : "expected no 5xx");
        }

        if (attempt.ExpectedStatus is { } expected && status != expected)
        {
            throw Failure(request, status, body, $"expected {expected}");
        }

        if (status < 400 || request.Method == HttpMethod.Head.Method)
        {
            return;
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            throw Failure(request, status, body, "a 4xx must be application/json");
        }

        if (ProblemWithErrorBody(body) is { } problem)
        {
            throw Failure(request, status, body, problem);
        }
    }

    /// <summary>What keeps <paramref name="body"/> from being an OSB error body, or null when it is one.</summary>
    public static string? ProblemWithErrorBody(string body)
    {
        try
        {
            var error = JsonDocument.Parse(body).RootElement;
            return CamelCase().IsMatch(error.GetProperty("error").GetString() ?? string.Empty) && !string.IsNullOrWhiteSpace(error.GetProperty("description").GetString())
                ? null
                : "a 4xx must have a camel-case error and a description";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"a 4xx must be an OSB error body ({e.Message})";
        }
    }

    private static AssertionException Failure(HostileRequest request, int status, string body, string why) =>
        new($"{why}: {request} -> {status} {(body.Length > 400 ? body[..400] + "..." : body)}");

    [GeneratedRegex("^[A-Z][a-z]+(?:[A-Z][a-z]+)+$")]
    private static partial Regex CamelCase();
}
