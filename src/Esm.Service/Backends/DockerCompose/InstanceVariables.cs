using System.Text.Json;
using System.Text.Json.Nodes;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// The variables an instance's compose file interpolates with <c>${NAME}</c>: the plan's
/// <c>parameters</c> defaults, overridden by the request's parameters, and the instance's secrets.
/// </summary>
public static class InstanceVariables
{
    /// <exception cref="BackendException">A parameter cannot be a variable, or would replace a secret.</exception>
    public static IReadOnlyDictionary<string, string> Of(ComposePlanConfig config, JsonObject? parameters, IReadOnlyDictionary<string, string> secrets)
    {
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in config.Parameters)
        {
            variables[name] = Text(value);
        }

        foreach (var (name, value) in parameters ?? [])
        {
            if (ComposePlanConfig.VariableNameProblem(name) is { } problem)
            {
                throw new BackendException($"The parameter {problem}.", updateRepeatable: false);
            }

            if (secrets.ContainsKey(name))
            {
                throw new BackendException($"The parameter '{name}' is a secret the broker generates; it cannot be given.", updateRepeatable: false);
            }

            variables[name] = Text(value);
        }

        foreach (var (name, value) in secrets)
        {
            variables[name] = value;
        }

        return variables;
    }

    /// <summary>Strings as they are; numbers, booleans and structures as JSON; null as empty.</summary>
    public static string Text(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonValue text when text.GetValueKind() == JsonValueKind.String => text.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
