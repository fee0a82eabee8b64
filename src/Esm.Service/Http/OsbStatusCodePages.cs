using Esm.Service.Contract;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace Esm.Service.Http;

/// <summary>
/// Routing answers a path no endpoint serves with 404 and a method an endpoint does not accept
/// with 405, both with an empty body. Every error of this broker carries an OSB body, so these
/// (and any other error response left without a body) get one, named after the status.
/// </summary>
public static class OsbStatusCodePages
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var description = status switch
        {
            StatusCodes.Status404NotFound => "This broker has no endpoint at this path.",
            StatusCodes.Status405MethodNotAllowed => $"This endpoint does not accept the {http.Request.Method} method.",
            _ => $"The request was refused: {ReasonPhrases.GetReasonPhrase(status)}.",
        };
        var error = new Esm.Api.Generated.Error
        {
            // "Method Not Allowed" -> "MethodNotAllowed": the camel-case code the spec asks for.
            Error1 = ReasonPhrases.GetReasonPhrase(status).Replace(" ", string.Empty, StringComparison.Ordinal),
            Description = description,
        };
        return http.Response.WriteAsJsonAsync(error, BrokerJson.Options, http.RequestAborted);
    }
}
