using System.Text.Unicode;
using Esm.Service.Broker;
using Microsoft.Net.Http.Headers;

namespace Esm.Service.Http;

/// <summary>
/// The spec lets a broker try to read a body sent without application/json (curl -d sends
/// form-urlencoded): such bodies are read as JSON, and a body that is not JSON is then a 400.
/// JSON between systems is UTF-8 (RFC 8259), so a body declared in another charset is read as
/// UTF-8 too: a wrong declaration is then a 400 for bad JSON, never a failure to transcode.
/// </summary>
public sealed class JsonBodyMiddleware(RequestDelegate next)
{
    private const string JsonMediaType = "application/json";

    /// <summary>How much of a declared Content-Length is allocated before a byte of the body arrived.</summary>
    private const int InitialCapacityLimit = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if ((BrokerRoutes.IsOsbEndpoint(request.Path) || request.Path.StartsWithSegments(BrokerRoutes.OperatorApi))
            && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0))
        {
            if (!IsUtf8Json(request.ContentType))
            {
                request.ContentType = JsonMediaType;
            }

            if (HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
            {
                await RequireUtf8Async(context);
            }
        }

        await next(context);
    }

    /// <summary>What Platforms send is compared first; only another value is parsed as a media type.</summary>
    private static bool IsUtf8Json(string? contentType) =>
        string.Equals(contentType, JsonMediaType, StringComparison.OrdinalIgnoreCase)
        || (MediaTypeHeaderValue.TryParse(contentType, out var type)
            && type.MediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase)
            && (type.Charset.Length == 0 || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// The JSON reader checks the UTF-8 of the strings it decodes, not of the names and values it
    /// skips: a body with a broken byte in a field name would pass as a body without that field.
    /// So the whole body is checked first. It is read into memory (within the body limit, which
    /// the stream enforces), not buffered to a temporary file as request buffering would.
    /// </summary>
    private static async Task RequireUtf8Async(HttpContext context)
    {
        // Sized from Content-Length, so that the copy does not regrow it.
        var body = new MemoryStream((int)Math.Min(context.Request.ContentLength ?? 0, InitialCapacityLimit));
        context.Response.RegisterForDispose(body);
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (!Utf8.IsValid(body.GetBuffer().AsSpan(0, (int)body.Length)))
        {
            throw new BrokerException(BrokerFailure.BadRequest, "The request body is not UTF-8 text, as JSON must be.");
        }

        body.Position = 0;
        context.Request.Body = body;
    }
}
