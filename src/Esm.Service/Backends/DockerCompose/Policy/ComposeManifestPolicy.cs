using System.Text;
using YamlDotNet.RepresentationModel;

namespace Esm.Service.Backends.DockerCompose.Policy;

/// <summary>
/// What a manifest may ask of the Docker host: the keys and value shapes of <see cref="ComposeAllowlist"/>,
/// and nothing else. Every instance runs on the broker's engine, so by default nothing may reach the
/// host (privileges, host paths, host namespaces, devices, drivers, host addresses) or another
/// project's resources. The operator lifts a rule with its exception name in ESM_COMPOSE_ALLOW.
/// Checked on the resolved tree (<see cref="ResolvedYaml"/>).
/// </summary>
public static class ComposeManifestPolicy
{
    /// <summary>Every rule the tree breaks, each naming where and how to allow it; empty when it passes.</summary>
    public static IReadOnlyList<string> Violations(YamlMappingNode root, IReadOnlySet<string> allowed)
    {
        var found = new Violations(allowed);
        ComposeAllowlist.File.Check(string.Empty, root, found);
        return found.All;
    }

    /// <summary>The allowlist as a Markdown table (key, what is allowed, what allows anything else): the README's policy section.</summary>
    public static string Table()
    {
        var table = new StringBuilder("| Key | Allowed | Other values |\n|---|---|---|\n");
        foreach (var (path, allowed, otherwise) in Rows(string.Empty, ComposeAllowlist.File))
        {
            table.Append($"| `{path}` | {allowed.Replace("|", "\\|", StringComparison.Ordinal)} | {otherwise} |\n");
        }

        return table.Append("| any other key | refused | never |\n").ToString();
    }

    private static IEnumerable<(string Path, string Allowed, string Otherwise)> Rows(string path, ValueShape shape)
    {
        switch (shape)
        {
            case Fields fields:
                foreach (var rule in fields.Keys)
                {
                    var at = path.Length == 0 ? rule.Key : $"{path}.{rule.Key}";
                    if (rule.Shape is null)
                    {
                        yield return (at, $"refused: {rule.Reason}", Otherwise(rule.Exception));
                        continue;
                    }

                    foreach (var row in Rows(at, rule.Shape))
                    {
                        yield return row;
                    }
                }

                if (fields.OtherKeysAllowedBy is { } exception)
                {
                    yield return ($"{path}.*", "refused: other keys", Otherwise(exception));
                }

                break;
            case ListOf { Item: var item } when HasFields(item):
                foreach (var row in Rows($"{path}[]", item))
                {
                    yield return row;
                }

                break;
            case MapOf { Value: var value } when HasFields(value):
                foreach (var row in Rows($"{path}.*", value))
                {
                    yield return row;
                }

                break;
            case Either either when HasFields(either):
                foreach (var part in new[] { either.Scalar, either.List, either.Mapping }.OfType<ValueShape>())
                {
                    foreach (var row in Rows(path, part))
                    {
                        yield return row;
                    }
                }

                break;
            default:
                yield return (path, shape.Describe(), Otherwise((shape as Scalar)?.OtherwiseAllowedBy));
                break;
        }
    }

    private static bool HasFields(ValueShape shape) => shape switch
    {
        Fields => true,
        ListOf list => HasFields(list.Item),
        MapOf map => HasFields(map.Value),
        Either either => new[] { either.Scalar, either.List, either.Mapping }.OfType<ValueShape>().Any(HasFields),
        _ => false,
    };

    private static string Otherwise(string? exception) => exception is null ? "never" : $"`{exception}`";
}
