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

        foreach (var name in config.Secrets.Where(n => !known.ContainsKey(n)))
        {
            known[name] = RandomNumberGenerator.GetString(Alphabet, Length);
        }

        return known;
    }

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
