namespace Esm.Service.Http;

/// <summary>
/// Echoes X-Broker-API-Request-Identity in the response (the spec's SHOULD) and puts it in the
/// logging scope of everything the request logs.
/// </summary>
public sealed class RequestIdentityMiddleware(RequestDelegate next, ILogger<RequestIdentityMiddleware> logger)
{
    public const string HeaderName = "X-Broker-API-Request-Identity";

    public async Task InvokeAsync(HttpContext context)
    {
        var identity = context.Request.Headers[HeaderName].ToString();
        if (identity.Length == 0)
        {
            await next(context);
            return;
        }

        context.Response.Headers[HeaderName] = identity;
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestIdentity"] = identity }))
        {
            await next(context);
        }
    }
}
