using Esm.Service.Contract;
using Esm.Service.Failures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Esm.Service.Http;

/// <summary>
/// Turns what model binding could not read (malformed JSON, wrong types, missing required
/// fields, ids of only white space) into a 400 with an OSB error body naming the field, before
/// the endpoint runs.
/// </summary>
public sealed class ModelStateFilter : IActionFilter
{
    private const int MaximumReportedErrors = 5;

    public void OnActionExecuting(ActionExecutingContext context)
    {
        if (context.ModelState.ErrorCount == 0 && !HasBlankId(context))
        {
            return;
        }

        var problems = context.ModelState
            .Where(entry => entry.Value?.Errors.Count > 0)
            .SelectMany(entry => entry.Value!.Errors.Select(error => Describe(entry.Key, error)))
            .Concat(BlankIds(context))
            .Take(MaximumReportedErrors)
            .ToList();
        if (problems.Count == 0)
        {
            return;
        }

        context.Result = new ObjectResult(OsbErrorWriter.Body(BrokerFailure.BadRequest, "The request is malformed: " + string.Join("; ", problems)))
        {
            StatusCode = StatusCodes.Status400BadRequest,
        };
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }

    /// <summary>
    /// Model binding reads a path segment of only white space (%20, %0D%0A...) as null: an id
    /// that names nothing, refused here rather than looked up.
    /// </summary>
    private static IEnumerable<string> BlankIds(ActionExecutingContext context) =>
        context.ActionDescriptor.Parameters
            .Where(parameter => IsBlankId(context, parameter))
            .Select(parameter => $"{parameter.Name}: required, an id that is not only white space");

    /// <summary>The check of every request, without the enumerators and closures of <see cref="BlankIds"/>.</summary>
    private static bool HasBlankId(ActionExecutingContext context)
    {
        foreach (var parameter in context.ActionDescriptor.Parameters)
        {
            if (IsBlankId(context, parameter))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsBlankId(ActionExecutingContext context, Microsoft.AspNetCore.Mvc.Abstractions.ParameterDescriptor parameter) =>
        context.RouteData.Values.ContainsKey(parameter.Name)
        && (!context.ActionArguments.TryGetValue(parameter.Name, out var value) || value is null);

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
