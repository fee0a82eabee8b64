using Esm.Service.Contract;
using Esm.Service.Failures;
using Esm.Service.Stores;

namespace Esm.Service.Http;

/// <summary>
/// The one place where failures become responses: refused requests (BrokerException) and bad
/// HTTP (unreadable or oversized bodies) get their 4xx with an OSB error body; a damaged record
/// a 500 that names it; anything else is a 500 that is logged with the request identity and
/// says nothing of the internals.
/// </summary>
public sealed class BrokerErrorMiddleware(RequestDelegate next, ILogger<BrokerErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BrokerException e) when (!context.Response.HasStarted)
        {
            LogRefusal(context, e.Failure, e.Description);
            await OsbErrorWriter.WriteAsync(context, e);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var failure = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? BrokerFailure.RequestTooLarge : BrokerFailure.BadRequest;
            LogRefusal(context, failure, e.Message);
            await OsbErrorWriter.WriteAsync(context, failure, e.Message);
        }
        catch (UnreadableRecordException e) when (!context.Response.HasStarted)
        {
            // Logged by the store when it found it; the Platform learns which record, not why.
            await OsbErrorWriter.WriteAsync(context, BrokerFailure.RecordUnreadable, e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            logger.LogInformation("{Method} {Path}: the client went away.", context.Request.Method, context.Request.Path);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            logger.LogError(e, "{Method} {Path} failed.", context.Request.Method, context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(
                new Esm.Api.Generated.Error { Error1 = "InternalError", Description = "The broker failed to process the request; see its log." },
                BrokerJson.Options);
        }
    }

    private void LogRefusal(HttpContext context, BrokerFailure failure, string description) =>
        logger.LogInformation("{Method} {Path} refused ({Failure}): {Description}", context.Request.Method, context.Request.Path, failure, LoggedText.Of(description));
}
