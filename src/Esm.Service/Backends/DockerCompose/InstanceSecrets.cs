using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// The variables generated once per instance (passwords): kept in the instance's backend state,
/// and in its folder until the first provision succeeds, so that a provision resumed after a
/// crash reuses them instead of changing them under data already initialised with them.
/// </summary>
public static class InstanceSecrets
{
    /// <summary>Letters and digits only: a secret drops into a URI or a config file without escaping.</summary>
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const int Length = 32;

    /// <summary>The plan's secrets: those the instance has, new ones for the names it lacks.</summary>
    public static IReadOnlyDictionary<string, string> For(ComposePlanConfig config, JsonObject? backendState, ComposeProject project)
    {
        var known = FromState(backendState);
        foreach (var (name, value) in FromFile(project).Where(s => !known.ContainsKey(s.Key)))
        {
            known[name] = value;
        }

        return WithMissing(config, known);
    }

    /// <summary><paramref name="known"/>, with a new value for each of the plan's secrets it lacks.</summary>
    public static Dictionary<string, string> WithMissing(ComposePlanConfig config, Dictionary<string, string> known)
    {
        foreach (var name in config.Secrets.Where(n => !known.ContainsKey(n)))
        {
            known[name] = NewValue();
        }

        return known;
    }

    public static string NewValue() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>The secrets of an instance's state (<c>{"secrets": {...}}</c>).</summary>
    public static Dictionary<string, string> FromState(JsonObject? backendState)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in backendState?["secrets"] as JsonObject ?? [])
        {
            if (value is JsonValue text && text.TryGetValue(out string? secret))
            {
                secrets[name] = secret;
            }
        }

        return secrets;
    }

    /// <summary>Container logs and CLI messages can echo a secret; descriptions reach the Platform.</summary>
    public static string Redacted(string text, IReadOnlyDictionary<string, string> secrets) =>
        secrets.Values.Where(s => s.Length > 0).Aggregate(text, (current, secret) => current.Replace(secret, "***", StringComparison.Ordinal));

    public static string Serialize(IReadOnlyDictionary<string, string> secrets) => JsonSerializer.Serialize(secrets);

    private static Dictionary<string, string> FromFile(ComposeProject project)
    {
        try
        {
            return File.Exists(project.SecretsPath)
                ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(project.SecretsPath)) ?? []
                : [];
        }
        catch (JsonException)
        {
            // A torn write of a file that is only a fallback: new secrets are the only way on.
            return [];
        }
    }
}
