using System.Text.Json.Nodes;
using NJsonSchema;

namespace Esm.Service.Broker;

/// <summary>Checks request parameters against a plan's JSON Schema; a violation is a 400 that names it.</summary>
public static class ParameterValidation
{
    private const int MaximumReportedViolations = 5;

    public static void Check(JsonSchema? schema, JsonObject? parameters, string schemaName)
    {
        if (schema is null || parameters is null)
        {
            return;
        }

        var violations = schema.Validate(parameters.ToJsonString());
        if (violations.Count == 0)
        {
            return;
        }

        var described = violations
            .Take(MaximumReportedViolations)
            .Select(v => $"{(string.IsNullOrEmpty(v.Path) ? "#" : v.Path)}: {v.Kind}");
        throw new BrokerException(
            BrokerFailure.BadRequest,
            $"parameters do not match the plan's {schemaName} schema: {string.Join("; ", described)}");
    }
}
