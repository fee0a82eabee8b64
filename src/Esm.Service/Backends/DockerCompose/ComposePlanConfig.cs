using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Esm.Service.Failures;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// A docker-compose plan's settings in its manifest <c>config</c>:
/// <c>parameters</c>, defaults of the variables the compose file interpolates (a request's parameters override them);
/// <c>secrets</c>, names of variables generated once per instance (default <c>[password]</c>);
/// <c>credentials</c>, the template of a binding's credentials (see <see cref="ConnectionTemplate"/>);
/// <c>blocking</c>, true to make provision, update and deprovision finish within the request.
/// </summary>
public sealed partial record ComposePlanConfig(JsonObject Parameters, IReadOnlyList<string> Secrets, JsonObject? Credentials, bool Blocking)
{
    private static readonly string[] DefaultSecrets = ["password"];

    public static ComposePlanConfig From(JsonObject config) => new(
        config["parameters"] as JsonObject ?? [],
        config["secrets"] is JsonArray names ? [.. names.Select(n => n?.GetValue<string>() ?? string.Empty)] : DefaultSecrets,
        config["credentials"] as JsonObject,
        config["blocking"] is JsonValue blocking && blocking.GetValueKind() == JsonValueKind.True);

    /// <summary>What keeps the config from having the shape above; none when it has it.</summary>
    public static Problems Problems(JsonObject config)
    {
        var problems = new List<string>();
        if (config["parameters"] is { } parameters)
        {
            if (parameters is not JsonObject defaults)
            {
                problems.Add("config.parameters: must be a mapping of variable names to default values");
            }
            else
            {
                problems.AddRange(defaults.Select(p => VariableNameProblem(p.Key)).OfType<string>().Select(p => $"config.parameters: {p}"));
            }
        }

        if (config["secrets"] is { } secrets)
        {
            if (secrets is not JsonArray names || names.Any(n => n is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
            {
                problems.Add("config.secrets: must be a list of variable names");
            }
            else
            {
                problems.AddRange(names.Select(n => VariableNameProblem(n!.GetValue<string>())).OfType<string>().Select(p => $"config.secrets: {p}"));
            }
        }

        if (problems.Count == 0)
        {
            var plan = From(config);
            problems.AddRange(plan.Parameters.Where(p => plan.Secrets.Contains(p.Key)).Select(p => $"config.parameters: '{p.Key}' is also a secret, which the broker generates"));
        }

        if (config["credentials"] is { } credentials and not JsonObject)
        {
            problems.Add("config.credentials: must be a mapping (the binding's credentials, with ${...} placeholders)");
        }

        if (config["blocking"] is { } blocking && blocking.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            problems.Add("config.blocking: must be true or false");
        }

        return Failures.Problems.Of(problems);
    }

    /// <summary>
    /// Why a name cannot be a variable passed to compose, or null. COMPOSE_* and DOCKER_* would
    /// configure compose itself; <c>host</c> is the credentials' own placeholder.
    /// </summary>
    public static string? VariableNameProblem(string name) =>
        !VariableName().IsMatch(name) ? $"'{name}' is not a variable name (a letter or _, then letters, digits or _)"
        : name.StartsWith("COMPOSE_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("DOCKER_", StringComparison.OrdinalIgnoreCase)
            ? $"'{name}' would configure compose itself (COMPOSE_* and DOCKER_* are reserved)"
        : name == ConnectionTemplate.HostName ? $"'{name}' is reserved for the advertised host"
        : null;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}
