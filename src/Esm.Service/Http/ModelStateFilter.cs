using Esm.Service.Broker;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Esm.Service.Http;

/// <summary>
/// Turns what model binding could not read (malformed JSON, wrong types, missing required
/// fields) into a 400 with an OSB error body naming the field, before the endpoint runs.
/// </summary>
public sealed class ModelStateFilter : IActionFilter
{
    private const int MaximumReportedErrors = 5;

    public void OnActionExecuting(ActionExecutingContext context)
    {
        if (context.ModelState.IsValid)
        {
            return;
        }

        var problems = context.ModelState
            .Where(entry => entry.Value?.Errors.Count > 0)
            .SelectMany(entry => entry.Value!.Errors.Select(error => Describe(entry.Key, error)))
            .Take(MaximumReportedErrors);
        context.Result = new ObjectResult(OsbErrorWriter.Body(BrokerFailure.BadRequest, "The request is malformed: " + string.Join("; ", problems)))
        {
            StatusCode = StatusCodes.Status400BadRequest,
        };
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }

    private static string Describe(string field, Microsoft.AspNetCore.Mvc.ModelBinding.ModelError error)
    {
        var message = string.IsNullOrEmpty(error.ErrorMessage) ? error.Exception?.Message ?? "invalid" : error.ErrorMessage;
        if (field.StartsWith('$') || field == "body")
        {
            return JsonErrorMessages.Describe(field == "body" ? null : field, message);
        }

        return $"{field}: {message}";
    }
}
