using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// The override file ESM writes next to an instance's manifest: its labels on every service,
/// volume and network, which is how the orphan sweep finds the resources and their instance.
/// </summary>
public static class ComposeOverride
{
    public static string Render(ComposeManifest manifest, string brokerId, string instanceId)
    {
        var root = new YamlMappingNode
        {
            { "services", Section(manifest.Services, brokerId, instanceId) },
        };
        if (manifest.Volumes.Count > 0)
        {
            root.Add("volumes", Section(manifest.Volumes, brokerId, instanceId));
        }

        // The default network exists whenever a service does not name its networks.
        root.Add("networks", Section([.. manifest.Networks.Append("default").Distinct(StringComparer.Ordinal)], brokerId, instanceId));
        return ResolvedYaml.Save(root);
    }

    private static YamlMappingNode Section(IEnumerable<string> names, string brokerId, string instanceId)
    {
        var section = new YamlMappingNode();
        foreach (var name in names)
        {
            section.Add(Quoted(name), new YamlMappingNode
            {
                {
                    "labels", new YamlMappingNode
                    {
                        { ComposeLabels.Broker, Quoted(brokerId) },
                        { ComposeLabels.Instance, Quoted(instanceId) },
                    }
                },
            });
        }

        return section;
    }

    private static YamlScalarNode Quoted(string text) => new(text) { Style = ScalarStyle.DoubleQuoted };
}
