using Esm.Api.Generated;
using Esm.Service.Contract;
using Esm.Service.Failures;

namespace Esm.Service.Http;

/// <summary>
/// Writes an OSB error body (<c>error</c>, <c>description</c>) with the failure's status code. The
/// description names the client's values it quotes without copying them whole (<see cref="EchoedValues"/>).
/// </summary>
public static class OsbErrorWriter
{
    public static Error Body(BrokerFailure failure, string description, bool? instanceUsable = null, bool? updateRepeatable = null) => new()
    {
        Error1 = BrokerFailureMapping.ToHttp(failure).ErrorCode,
        Description = EchoedValues.Shortened(description),
        Instance_usable = instanceUsable,
        Update_repeatable = updateRepeatable,
    };

    public static Task WriteAsync(HttpContext context, BrokerFailure failure, string description, bool? instanceUsable = null, bool? updateRepeatable = null)
    {
        context.Response.StatusCode = BrokerFailureMapping.ToHttp(failure).StatusCode;
        return context.Response.WriteAsJsonAsync(Body(failure, description, instanceUsable, updateRepeatable), BrokerJson.Options, context.RequestAborted);
    }

    public static Task WriteAsync(HttpContext context, BrokerException exception) =>
        WriteAsync(context, exception.Failure, exception.Description, exception.InstanceUsable, exception.UpdateRepeatable);
}
