using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Esm.Service.Failures;
using NJsonSchema;
using NJsonSchema.Validation;

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

        var violations = Validate(schema, parameters, schemaName);
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

    private static ICollection<ValidationError> Validate(JsonSchema schema, JsonObject parameters, string schemaName)
    {
        try
        {
            return schema.Validate(parameters.ToJsonString());
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException)
        {
            // The validator compares numbers as decimals: an integer beyond decimal's range
            // (e.g. 10^30) cannot be compared, and is certainly not what the schema allows.
            throw new BrokerException(BrokerFailure.BadRequest, $"parameters do not match the plan's {schemaName} schema: a number is beyond the range it can be checked in");
        }
        catch (RegexMatchTimeoutException e)
        {
            // The pattern is the operator's, the value the Platform's: neither is checked, and both
            // sides learn which pattern it was.
            throw new BrokerException(
                BrokerFailure.BadRequest,
                $"parameters could not be checked against the plan's {schemaName} schema: matching the pattern '{e.Pattern}' took longer than {e.MatchTimeout.TotalMilliseconds:0} ms");
        }
    }
}
