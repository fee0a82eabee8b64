using Microsoft.Net.Http.Headers;

namespace Esm.Service.Http;

/// <summary>
/// The spec lets a broker try to read a body sent without application/json (curl -d sends
/// form-urlencoded): such bodies are read as JSON, and a body that is not JSON is then a 400.
/// </summary>
public sealed class JsonBodyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (BrokerRoutes.IsOsbEndpoint(request.Path) || request.Path.StartsWithSegments(BrokerRoutes.OperatorApi))
        {
            if ((request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
                && !(MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
            {
                request.ContentType = "application/json";
            }
        }

        return next(context);
    }
}
