using System.Buffers;
using System.IO.Pipelines;
using System.Text.Unicode;
using Esm.Service.Failures;
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

    /// <summary>
    /// Bodies up to this size are checked in the server's buffers without being consumed: far
    /// below what a server holds unread before it stops reading the connection (1 MB in Kestrel).
    /// </summary>
    private const int InPlaceLimit = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var brokerApi = BrokerRoutes.IsOsbEndpoint(request.Path) || request.Path.StartsWithSegments(BrokerRoutes.OperatorApi);
        var withBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (brokerApi && !withBody && (HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method)))
        {
            // No body and no Content-Type: the JSON reader then says the body is required (400),
            // rather than MVC finding no reader for no media type (415).
            request.ContentType ??= JsonMediaType;
        }
        else if (brokerApi && withBody)
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
    /// So the whole body is checked first, without request buffering's temporary file.
    /// </summary>
    private static Task RequireUtf8Async(HttpContext context) =>
        context.Request.ContentLength is { } length && length <= InPlaceLimit
            ? RequireUtf8InPlaceAsync(context.Request.BodyReader, length, context.RequestAborted)
            : RequireUtf8InMemoryAsync(context);

    /// <summary>
    /// A small body of known length is checked where the server buffered it, and left unread for
    /// the JSON formatter.
    /// </summary>
    private static async Task RequireUtf8InPlaceAsync(PipeReader body, long length, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (read.IsCompleted || buffer.Length >= length)
            {
                var valid = IsUtf8(buffer);
                body.AdvanceTo(buffer.Start);
                if (!valid)
                {
                    throw NotUtf8();
                }

                return;
            }

            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Any other body is read into memory (within the body limit, which the stream enforces) and
    /// served from there.
    /// </summary>
    private static async Task RequireUtf8InMemoryAsync(HttpContext context)
    {
        // Sized from Content-Length, so that the copy does not regrow it.
        var body = new MemoryStream((int)Math.Min(context.Request.ContentLength ?? 0, InitialCapacityLimit));
        context.Response.RegisterForDispose(body);
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (!Utf8.IsValid(body.GetBuffer().AsSpan(0, (int)body.Length)))
        {
            throw NotUtf8();
        }

        body.Position = 0;
        context.Request.Body = body;
    }

    /// <summary>A character can span the server's buffer segments, so several are checked as one.</summary>
    private static bool IsUtf8(in ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
        {
            return Utf8.IsValid(body.FirstSpan);
        }

        var joined = ArrayPool<byte>.Shared.Rent((int)body.Length);
        try
        {
            body.CopyTo(joined);
            return Utf8.IsValid(joined.AsSpan(0, (int)body.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    private static BrokerException NotUtf8() =>
        new(BrokerFailure.BadRequest, "The request body is not UTF-8 text, as JSON must be.");
}
