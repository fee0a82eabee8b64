using Microsoft.AspNetCore.Mvc;

namespace Esm.Service.Endpoints;

/// <summary>A response body with its status code and extra headers (Retry-After, ETag).</summary>
public sealed class OsbResult(int statusCode, object? body, IReadOnlyDictionary<string, string>? headers = null) : ObjectResult(body)
{
    public override Task ExecuteResultAsync(ActionContext context)
    {
        StatusCode = statusCode;
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                context.HttpContext.Response.Headers[name] = value;
            }
        }

        return base.ExecuteResultAsync(context);
    }
}
