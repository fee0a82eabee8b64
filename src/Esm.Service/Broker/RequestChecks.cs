using System.Text.Json.Nodes;
using Esm.Service.Backends;
using Esm.Service.Failures;
using Esm.Service.Model;

namespace Esm.Service.Broker;

/// <summary>The checks every OSB request makes of its fields before the broker acts on it; each failure is a 400 or 422 that names the field.</summary>
public static class RequestChecks
{
    public static void RequireAsyncSupport(ExecutionMode mode, bool acceptsIncomplete, string what)
    {
        if (mode == ExecutionMode.Deferred && !acceptsIncomplete)
        {
            throw new BrokerException(BrokerFailure.AsyncRequired, $"This Service Plan requires client support for asynchronous {what} (accepts_incomplete=true).");
        }
    }

    public static void RequireText(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new BrokerException(BrokerFailure.BadRequest, $"{field} is required and must be a non-empty string.");
        }
    }

    /// <summary>For optional body fields that, when present, must not be empty.</summary>
    public static void CheckHint(string? value, string field)
    {
        if (value is { Length: 0 })
        {
            throw new BrokerException(BrokerFailure.BadRequest, $"{field} must be a non-empty string when present.");
        }
    }

    public static void CheckPlatformsAgree(JsonObject? context, OriginatingIdentity? identity)
    {
        if (identity is not null && context?["platform"] is JsonValue value && value.TryGetValue(out string? platform) && platform != identity.Platform)
        {
            throw new BrokerException(BrokerFailure.BadRequest, $"The originating identity's platform '{identity.Platform}' differs from context.platform '{platform}'.");
        }
    }
}
