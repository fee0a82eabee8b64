using Esm.Api.Generated;
using Esm.Service.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Esm.Service.Endpoints;

/// <summary>Maps a stored operation to a last_operation body, with Retry-After while it runs.</summary>
public static class LastOperationResponses
{
    /// <summary>How long a Platform should wait between polls of a running operation.</summary>
    public const int RetryAfterSeconds = 2;

    public static LastOperationState StateOf(Operation operation) => operation.State switch
    {
        OperationState.InProgress => LastOperationState.In_progress,
        OperationState.Succeeded => LastOperationState.Succeeded,
        _ => LastOperationState.Failed,
    };

    public static ActionResult Respond(Operation operation, object body) =>
        new OsbResult(
            StatusCodes.Status200OK,
            body,
            operation.IsInProgress ? new Dictionary<string, string> { [HeaderNames.RetryAfter] = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null);

    /// <summary>The spec's fields only where they apply: usability flags on failed updates and deprovisions.</summary>
    public static InstanceLastOperation ForInstance(Operation operation)
    {
        var failed = operation.State == OperationState.Failed;
        return new InstanceLastOperation
        {
            State = StateOf(operation),
            Description = string.IsNullOrEmpty(operation.Description) ? null : operation.Description,
            Instance_usable = failed && operation.Kind is OperationKind.Update or OperationKind.Deprovision ? operation.InstanceUsable ?? true : null,
            Update_repeatable = failed && operation.Kind == OperationKind.Update ? operation.UpdateRepeatable ?? true : null,
        };
    }

    public static BindingLastOperation ForBinding(Operation operation) => new()
    {
        State = StateOf(operation),
        Description = string.IsNullOrEmpty(operation.Description) ? null : operation.Description,
    };
}
