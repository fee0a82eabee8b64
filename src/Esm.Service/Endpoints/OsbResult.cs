using Microsoft.AspNetCore.Mvc;

namespace Esm.Service.Endpoints;

/// <summary>A response body with its status code and extra headers (Retry-After, ETag).</summary>
public sealed class OsbResult(int statusCode, object? body, IReadOnlyDictionary<string, string>? headers = null) : ObjectResult(body)
{
    public override Task ExecuteResultAsync(ActionContext context)
    {
        StatusCode = statusCode;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.HttpContext.Response.Headers[name] = value;
        }

        return base.ExecuteResultAsync(context);
    }
}
