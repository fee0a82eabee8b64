using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// The override file ESM writes next to an instance's manifest: its labels on every service,
/// volume and network, which is how the orphan sweep finds the resources, their instance and the
/// store that records it.
/// </summary>
public static class ComposeOverride
{
    public static string Render(ComposeManifest manifest, string brokerId, string instanceId, string storeIdentity)
    {
        // A mapping of its own for each resource: one node in several places would be written as an alias.
        YamlMappingNode Labels() => new()
        {
            { ComposeLabels.Broker, Quoted(brokerId) },
            { ComposeLabels.Instance, Quoted(instanceId) },
            { ComposeLabels.Store, Quoted(storeIdentity) },
        };
        var root = new YamlMappingNode
        {
            { "services", Section(manifest.Services, Labels) },
        };
        if (manifest.Volumes.Count > 0)
        {
            root.Add("volumes", Section(manifest.Volumes, Labels));
        }

        // The default network exists whenever a service does not name its networks.
        root.Add("networks", Section([.. manifest.Networks.Append("default").Distinct(StringComparer.Ordinal)], Labels));
        return ResolvedYaml.Save(root);
    }

    private static YamlMappingNode Section(IEnumerable<string> names, Func<YamlMappingNode> labels)
    {
        var section = new YamlMappingNode();
        foreach (var name in names)
        {
            section.Add(Quoted(name), new YamlMappingNode { { "labels", labels() } });
        }

        return section;
    }

    private static YamlScalarNode Quoted(string text) => new(text) { Style = ScalarStyle.DoubleQuoted };
}
