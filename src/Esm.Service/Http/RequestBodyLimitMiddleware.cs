using Esm.Service.Failures;
using Microsoft.AspNetCore.Http.Features;

namespace Esm.Service.Http;

/// <summary>
/// Refuses bodies over ESM_MAX_BODY_BYTES with 413: at once when Content-Length says so, and
/// while reading when a chunked body grows past it. Kestrel has the same limit; this one also
/// holds behind hosts that do not enforce it.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, long maximumBytes)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > maximumBytes)
        {
            return OsbErrorWriter.WriteAsync(context, BrokerFailure.RequestTooLarge, $"The request body is over the limit of {maximumBytes} bytes.");
        }

        // Only a body of undeclared length (chunked) can grow past the limit: of a declared one,
        // the server lets no more than Content-Length bytes through. A request without a body
        // (most GETs) has nothing to count either.
        if (request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false)
        {
            request.Body = new LimitedReadStream(request.Body, maximumBytes);
        }

        return next(context);
    }

    private sealed class LimitedReadStream(Stream inner, long maximumBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > maximumBytes
                ? throw new BadHttpRequestException($"The request body is over the limit of {maximumBytes} bytes.", StatusCodes.Status413PayloadTooLarge)
                : read;
        }
    }
}
