using System.Diagnostics;

namespace Esm.Service.Http;

/// <summary>
/// One log line per request (method, path, status, duration, request identity) and the
/// X-Broker-API-Request-Identity echoed in the response, as the spec recommends. Nothing from the
/// body or other headers is logged: they can hold credentials.
/// </summary>
public sealed class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    public const string RequestIdentityHeader = "X-Broker-API-Request-Identity";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var identity = context.Request.Headers[RequestIdentityHeader].ToString();
        if (identity.Length > 0 && CanBeEchoed(identity))
        {
            context.Response.Headers[RequestIdentityHeader] = identity;
        }

        using (logger.BeginScope(new Dictionary<string, object> { ["RequestIdentity"] = identity }))
        {
            try
            {
                await next(context);
            }
            finally
            {
                logger.LogInformation(
                    "{Method} {Path} {Status} {DurationMs:F1} ms request-identity={RequestIdentity}",
                    context.Request.Method,
                    context.Request.Path,
                    context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                    identity.Length > 0 ? identity : "-");
            }
        }
    }

    /// <summary>
    /// Kestrel accepts request header values it refuses in responses (control characters,
    /// non-ASCII): echoing one would fail the whole response, so only visible ASCII, spaces
    /// and tabs are echoed.
    /// </summary>
    private static bool CanBeEchoed(string identity) => identity.All(c => c == '\t' || c is >= ' ' and <= '~');
}
