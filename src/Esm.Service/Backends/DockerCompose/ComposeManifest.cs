using System.Text.RegularExpressions;
using Esm.Service.Backends.DockerCompose.Policy;
using YamlDotNet.RepresentationModel;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// A plan's compose file as ESM runs it: parsed with aliases and merges resolved, checked against
/// the policy, and rendered with every port that names no host address published on ESM's.
/// </summary>
public sealed partial class ComposeManifest
{
    private readonly YamlMappingNode _root;

    private ComposeManifest(YamlMappingNode root, YamlMappingNode services)
    {
        _root = root;
        Services = [.. services.Entries().Select(e => e.Key)];
        Started = services.Entries().Where(e => IsStarted(e.Value)).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        Jobs = services.Entries()
            .SelectMany(e => (e.Value as YamlMappingNode)?.Get("depends_on") is YamlMappingNode dependencies ? dependencies.Entries() : [])
            .Where(d => d.Value is YamlMappingNode dependency && dependency.Get("condition").Text() == "service_completed_successfully")
            .Select(d => d.Key)
            .ToHashSet(StringComparer.Ordinal);
        Volumes = SectionNames(root, "volumes");
        Networks = SectionNames(root, "networks");
    }

    /// <summary>Every service, in the file's order.</summary>
    public IReadOnlyList<string> Services { get; }

    /// <summary>The services <c>up</c> starts: not behind a profile, not scaled to zero.</summary>
    public IReadOnlySet<string> Started { get; }

    /// <summary>Services that others wait for to complete: exiting with 0 is their success.</summary>
    public IReadOnlySet<string> Jobs { get; }

    public IReadOnlyList<string> Volumes { get; }

    public IReadOnlyList<string> Networks { get; }

    /// <exception cref="InvalidManifestException">Not a compose file with services, or refused by the policy (all reasons given).</exception>
    public static ComposeManifest Parse(string? content, IReadOnlySet<string> allowed) =>
        Read(content, root => ComposeManifestPolicy.Violations(root, allowed));

    /// <summary>
    /// A file this backend rendered itself (<see cref="Render"/>) and kept in an instance's
    /// owner-only folder: it passed the policy before it was rendered, and its published ports now
    /// name the publish address, which the policy leaves to the broker alone.
    /// </summary>
    /// <exception cref="InvalidManifestException">Not a compose file with services.</exception>
    public static ComposeManifest Rendered(string content) => Read(content, _ => []);

    private static ComposeManifest Read(string? content, Func<YamlMappingNode, IReadOnlyList<string>> violations)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            throw new InvalidManifestException("a docker-compose manifest needs its compose file (manifest_content, or file: in the catalog folder)");
        }

        var root = ResolvedYaml.Load(content);
        if (root.Get("services") is not YamlMappingNode services || services.Children.Count == 0)
        {
            throw new InvalidManifestException("the compose file declares no services");
        }

        var problems = new List<string>();
        foreach (var (name, service) in services.Entries())
        {
            if (!ServiceName().IsMatch(name))
            {
                problems.Add($"services.{name}: a service name is letters, digits, '.', '_' and '-'");
            }

            if (service is not YamlMappingNode definition)
            {
                problems.Add($"services.{name}: must be a mapping");
            }
            else if (definition.Get("image").IsNull() && definition.Get("build") is null)
            {
                problems.Add($"services.{name}: needs an image");
            }
        }

        problems.AddRange(violations(root));
        return problems.Count > 0 ? throw new InvalidManifestException(string.Join("; ", problems)) : new ComposeManifest(root, services);
    }

    /// <summary>
    /// The compose file to write: the resolved tree, with ports published on <paramref name="publishAddress"/>
    /// and on the instance's <paramref name="pins"/> where the file names neither (see <see cref="PortPublishing"/>).
    /// </summary>
    public string Render(string publishAddress, PinnedPorts pins)
    {
        var root = ResolvedYaml.Copy(_root);
        foreach (var (name, service) in ((YamlMappingNode)root.Get("services")!).Entries())
        {
            if (((YamlMappingNode)service).Get("ports") is YamlSequenceNode ports)
            {
                for (var i = 0; i < ports.Children.Count; i++)
                {
                    ports.Children[i] = PortPublishing.Publish(ports.Children[i], name, publishAddress, pins);
                }
            }
        }

        return ResolvedYaml.Save(root);
    }

    /// <summary>A copy of the resolved tree, for a backend that renders the file its own way.</summary>
    public YamlMappingNode Tree() => ResolvedYaml.Copy(_root);

    private static bool IsStarted(YamlNode service) =>
        service is YamlMappingNode definition
        && definition.Get("profiles") is not YamlSequenceNode { Children.Count: > 0 }
        && definition.Get("scale").Text() != "0"
        && (definition.Get("deploy") as YamlMappingNode)?.Get("replicas").Text() != "0";

    private static IReadOnlyList<string> SectionNames(YamlMappingNode root, string section) =>
        root.Get(section) is YamlMappingNode entries ? [.. entries.Entries().Select(e => e.Key)] : [];

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9._-]*$")]
    private static partial Regex ServiceName();
}
