using System.Text;
using System.Text.Json.Nodes;
using Esm.Service.Failures;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// Fills a binding's <c>credentials</c> (the plan's config) and <c>endpoints</c> (the manifest's
/// endpoints: a mapping of names to OSB Endpoint objects, host, ports and protocol) from
/// templates: every string's <see cref="TemplatePlaceholder"/>s are replaced, <c>$$</c> is a literal <c>$</c>.
/// </summary>
public static class ConnectionTemplate
{
    public const string HostName = "host";

    /// <summary>Every problem of the templates, checked when the manifest is registered.</summary>
    public static IReadOnlyList<string> Problems(JsonObject? credentials, JsonObject? endpoints, ComposeManifest manifest)
    {
        var problems = new List<string>();
        void Check(string path, JsonNode? template)
        {
            foreach (var (where, text) in Strings(path, template))
            {
                try
                {
                    foreach (var placeholder in Placeholders(text))
                    {
                        if (placeholder.IsPort && !manifest.Services.Contains(placeholder.Service!))
                        {
                            problems.Add($"{where}: {placeholder.Text} names no service of the compose file");
                        }
                    }
                }
                catch (InvalidManifestException e)
                {
                    problems.Add($"{where}: {e.Message}");
                }
            }
        }

        Check("config.credentials", credentials);
        foreach (var (name, endpoint) in endpoints ?? [])
        {
            var path = $"endpoints.{name}";
            if (endpoint is not JsonObject { } fields || fields["host"] is not JsonValue
                || fields["ports"] is not JsonArray { Count: > 0 } ports || ports.Any(p => p is not JsonValue)
                || fields["protocol"] is not (null or JsonValue))
            {
                problems.Add($"{path}: must be an endpoint: host, ports (a list of strings) and optionally protocol (tcp, udp or all)");
                continue;
            }

            Check(path, endpoint);
        }

        return problems;
    }

    /// <summary>A copy of <paramref name="template"/> with every placeholder replaced by <paramref name="resolve"/>.</summary>
    public static JsonNode? Fill(JsonNode? template, Func<TemplatePlaceholder, string> resolve) => template switch
    {
        JsonObject mapping => new JsonObject(mapping.Select(p => KeyValuePair.Create(p.Key, Fill(p.Value, resolve)))),
        JsonArray list => new JsonArray([.. list.Select(item => Fill(item, resolve))]),
        JsonValue value when value.TryGetValue(out string? text) => JsonValue.Create(Substitute(text, resolve)),
        _ => template?.DeepClone(),
    };

    /// <summary>The OSB <c>endpoints</c> list from the manifest's named endpoint templates.</summary>
    public static JsonArray FillEndpoints(JsonObject endpoints, Func<TemplatePlaceholder, string> resolve) =>
        [.. endpoints.Select(e => Fill(e.Value, resolve))];

    /// <summary>The credentials of a plan without a template: where to connect and the instance's secrets.</summary>
    public static JsonObject DefaultCredentials(IEnumerable<string> secretNames)
    {
        var template = new JsonObject { [HostName] = "${" + HostName + "}" };
        foreach (var name in secretNames)
        {
            template[name] = "${" + name + "}";
        }

        return template;
    }

    public static IEnumerable<TemplatePlaceholder> Placeholders(string text)
    {
        var found = new List<TemplatePlaceholder>();
        Substitute(text, p =>
        {
            found.Add(p);
            return string.Empty;
        });
        return found;
    }

    private static string Substitute(string text, Func<TemplatePlaceholder, string> resolve)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 == text.Length)
            {
                result.Append(text[i]);
            }
            else if (text[i + 1] == '$')
            {
                result.Append('$');
                i++;
            }
            else if (text[i + 1] == '{')
            {
                var end = text.IndexOf('}', i + 2);
                if (end < 0)
                {
                    throw new InvalidManifestException($"'{text}' opens a placeholder with ${{ and does not close it");
                }

                result.Append(resolve(TemplatePlaceholder.Parse(text[(i + 2)..end])));
                i = end;
            }
            else
            {
                result.Append('$');
            }
        }

        return result.ToString();
    }

    private static IEnumerable<(string Path, string Text)> Strings(string path, JsonNode? node) => node switch
    {
        JsonObject mapping => mapping.SelectMany(p => Strings($"{path}.{p.Key}", p.Value)),
        JsonArray list => list.SelectMany((item, i) => Strings($"{path}[{i}]", item)),
        JsonValue value when value.TryGetValue(out string? text) => [(path, text)],
        _ => [],
    };
}
