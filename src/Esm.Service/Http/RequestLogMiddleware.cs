using System.Buffers;
using System.Diagnostics;

namespace Esm.Service.Http;

/// <summary>
/// One log line per request (method, path, status, duration, request identity) and the
/// X-Broker-API-Request-Identity echoed in the response, as the spec recommends. Nothing from the
/// body or other headers is logged: they can hold credentials.
/// </summary>
public sealed partial class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    public const string RequestIdentityHeader = "X-Broker-API-Request-Identity";

    /// <summary>
    /// Kestrel accepts request header values it refuses in responses (control characters,
    /// non-ASCII): echoing one would fail the whole response, so only visible ASCII, spaces
    /// and tabs are echoed.
    /// </summary>
    private static readonly SearchValues<char> Echoable =
        SearchValues.Create(['\t', .. Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c)]);

    private static readonly Func<ILogger, string, IDisposable?> RequestIdentityScope =
        LoggerMessage.DefineScope<string>("request-identity={RequestIdentity}");

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var identity = context.Request.Headers[RequestIdentityHeader].ToString();
        if (identity.Length > 0 && !identity.AsSpan().ContainsAnyExcept(Echoable))
        {
            context.Response.Headers[RequestIdentityHeader] = identity;
        }

        var logged = identity.Length == 0 ? "-" : LoggedText.Of(identity);

        // What the broker logs while serving a request carries its identity, when it has one.
        using (identity.Length > 0 ? RequestIdentityScope(logger, logged) : null)
        {
            try
            {
                await next(context);
            }
            finally
            {
                LogRequest(
                    logger,
                    context.Request.Method,
                    context.Request.Path,
                    context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                    logged);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} {Status} {DurationMs:F1} ms request-identity={RequestIdentity}")]
    private static partial void LogRequest(ILogger logger, string method, PathString path, int status, double durationMs, string requestIdentity);
}
