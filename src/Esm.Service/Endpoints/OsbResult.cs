using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Esm.Service.Endpoints;

/// <summary>A response body with its status code and extra headers (Retry-After, ETag).</summary>
public sealed class OsbResult(int statusCode, object? body, IReadOnlyDictionary<string, string>? headers = null) : ObjectResult(body)
{
    /// <summary>What MVC's content negotiation answers for a body when the request asks nothing else.</summary>
    private const string JsonContentType = "application/json; charset=utf-8";

    public override Task ExecuteResultAsync(ActionContext context)
    {
        StatusCode = statusCode;
        var http = context.HttpContext;
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                http.Response.Headers[name] = value;
            }
        }

        return Value is not null && AcceptsPlainJson(http.Request) ? WriteJsonAsync(http, Value) : base.ExecuteResultAsync(context);
    }

    /// <summary>
    /// A request that names no media type other than JSON, and no charset, gets JSON in UTF-8
    /// from content negotiation: then it is written as MVC's JSON formatter writes it, without
    /// the negotiation (formatter selection, media type parsing) on every response.
    /// </summary>
    private static bool AcceptsPlainJson(HttpRequest request)
    {
        var requested = request.Headers;
        if (requested.AcceptCharset.Count > 0)
        {
            return false;
        }

        var accept = requested.Accept;
        return accept.Count == 0
            || (accept.Count == 1 && (accept[0] is "*/*" || string.Equals(accept[0], "application/json", StringComparison.OrdinalIgnoreCase)));
    }

    /// <remarks>
    /// Serialised whole first: an OSB answer is small, and with its length known it leaves in one
    /// write with a Content-Length, instead of chunked framing and a second socket send.
    /// </remarks>
    private Task WriteJsonAsync(HttpContext http, object value)
    {
        var response = http.Response;
        response.StatusCode = statusCode;
        response.ContentType = JsonContentType;
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), options);
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }
}
