using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Esm.Service.Backends.DockerCompose.Swarm;

/// <summary>
/// The file <c>docker stack deploy</c> gets for an instance: the plan's compose file (resolved and
/// checked, see <see cref="ComposeManifest"/>) with ESM's labels on every service, volume and
/// network, the instance's swarm secrets mounted in every service at <c>/run/secrets/NAME</c>,
/// and ports published in host mode. <see cref="Render"/> keeps the file's <c>${...}</c>, so it
/// can be kept (a failed update deploys it again); <see cref="Deployable"/> fills them in, and
/// gives ports the numbers the instance had, just before the deploy, in memory.
/// </summary>
public static partial class StackFile
{
    /// <param name="secretNames">The instance's secrets (their values live in swarm secrets, never in the file).</param>
    /// <param name="generation">Which generation of the secrets the services mount.</param>
    public static string Render(
        ComposeManifest manifest, SwarmStack stack, IReadOnlyDictionary<string, string> labels, IEnumerable<string> secretNames, int generation)
    {
        var root = manifest.Tree();
        var names = secretNames.ToList();
        foreach (var (name, node) in ((YamlMappingNode)root.Get("services")!).Entries())
        {
            var service = (YamlMappingNode)node;
            AddLabels(Mapping(service, "deploy"), labels);
            if (service.Get("ports") is YamlSequenceNode ports)
            {
                for (var i = 0; i < ports.Children.Count; i++)
                {
                    ports.Children[i] = HostModePort(ports.Children[i]);
                }
            }

            if (names.Count > 0)
            {
                var mounted = service.Get("secrets") as YamlSequenceNode ?? Set(service, "secrets", new YamlSequenceNode());
                foreach (var secret in names)
                {
                    mounted.Add(new YamlMappingNode { { "source", Quoted(SwarmStack.SecretKey(secret)) }, { "target", Quoted(secret) } });
                }
            }
        }

        foreach (var section in new[] { "volumes", "networks" })
        {
            var declared = root.Get(section) as YamlMappingNode ?? (section == "networks" ? Set(root, section, new YamlMappingNode()) : null);
            if (declared is null)
            {
                continue;
            }

            // The default network exists whenever a service does not name its networks.
            if (section == "networks" && declared.Get("default") is null)
            {
                declared.Add("default", new YamlMappingNode());
            }

            foreach (var (name, _) in declared.Entries().ToList())
            {
                AddLabels(Mapping(declared, name), labels);
            }
        }

        if (names.Count > 0)
        {
            var secrets = root.Get("secrets") as YamlMappingNode ?? Set(root, "secrets", new YamlMappingNode());
            foreach (var secret in names)
            {
                secrets.Add(Quoted(SwarmStack.SecretKey(secret)), new YamlMappingNode { { "external", "true" }, { "name", Quoted(stack.SecretName(secret, generation)) } });
            }
        }

        return ResolvedYaml.Save(root);
    }

    /// <summary>
    /// The rendered file as deployed: each host-mode port without a number gets the one the
    /// instance had (so bindings keep working), and the variables are substituted, every literal
    /// <c>$</c> escaped as <c>$$</c> for stack deploy's own pass (which then finds no variable to
    /// take from its environment).
    /// </summary>
    /// <exception cref="InvalidManifestException">A variable reference compose would refuse.</exception>
    public static string Deployable(string rendered, PinnedPorts pins, IReadOnlyDictionary<string, string> variables)
    {
        var root = ResolvedYaml.Load(rendered);
        foreach (var (name, node) in ((YamlMappingNode)root.Get("services")!).Entries())
        {
            foreach (var port in ((node as YamlMappingNode)?.Get("ports") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [])
            {
                if (port.Get("mode").Text() == "host" && port.Get("published").IsNull()
                    && int.TryParse(port.Get("target").Text(), NumberStyles.None, CultureInfo.InvariantCulture, out var target)
                    && pins.For(name, target, port.Get("protocol").Text() ?? "tcp") is { } pinned)
                {
                    Set(port, "published", new YamlScalarNode(pinned.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }

        InterpolateValues(root, variables);
        return ResolvedYaml.Save(root);
    }

    private static void InterpolateValues(YamlNode node, IReadOnlyDictionary<string, string> variables)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (_, value) in mapping.Entries())
                {
                    InterpolateValues(value, variables);
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    InterpolateValues(item, variables);
                }

                break;
            case YamlScalarNode { Value: { } text } scalar when text.Contains('$', StringComparison.Ordinal):
                var substituted = ComposeInterpolation.Apply(text, variables);
                if (substituted != text)
                {
                    // Free text, the only place the policy lets a variable be: a value such as 8080 or true stays text.
                    scalar.Value = substituted;
                    scalar.Style = ScalarStyle.DoubleQuoted;
                }

                break;
        }
    }

    /// <summary>
    /// Host mode: the ingress routing mesh needs IP forwarding between the engine's networks, which
    /// engines run without it lack (a published ingress port then never answers); host mode
    /// publishes on the node that runs the task. Written in long syntax, the only one with a mode.
    /// </summary>
    private static YamlNode HostModePort(YamlNode entry)
    {
        if (entry is YamlMappingNode port)
        {
            if (port.Get("mode") is null)
            {
                port.Add("mode", "host");
            }

            return port;
        }

        if (ShortPort().Match(entry.Text() ?? string.Empty) is not { Success: true } shortPort)
        {
            return entry;
        }

        var longPort = new YamlMappingNode
        {
            { "target", shortPort.Groups["target"].Value },
            { "protocol", shortPort.Groups["protocol"].Success ? shortPort.Groups["protocol"].Value : "tcp" },
            { "mode", "host" },
        };
        if (shortPort.Groups["host"].Success)
        {
            longPort.Add("published", shortPort.Groups["host"].Value);
        }

        return longPort;
    }

    private static void AddLabels(YamlMappingNode owner, IReadOnlyDictionary<string, string> labels)
    {
        switch (owner.Get("labels"))
        {
            case YamlSequenceNode list:
                foreach (var (name, value) in labels)
                {
                    list.Add(Quoted($"{name}={value}"));
                }

                break;
            case YamlMappingNode mapping:
                foreach (var (name, value) in labels)
                {
                    Set(mapping, name, Quoted(value));
                }

                break;
            default:
                Set(owner, "labels", new YamlMappingNode(labels.Select(l => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(l.Key), Quoted(l.Value)))));
                break;
        }
    }

    /// <summary>The mapping under <paramref name="key"/>, made (or put in place of a null) when there is none.</summary>
    private static YamlMappingNode Mapping(YamlMappingNode owner, string key) =>
        owner.Get(key) as YamlMappingNode ?? Set(owner, key, new YamlMappingNode());

    private static T Set<T>(YamlMappingNode owner, string key, T value) where T : YamlNode
    {
        if (owner.Children.Keys.FirstOrDefault(k => k.Text() == key) is { } existing)
        {
            owner.Children.Remove(existing);
        }

        owner.Add(key, value);
        return value;
    }

    private static YamlScalarNode Quoted(string text) => new(text) { Style = ScalarStyle.DoubleQuoted };

    /// <summary><c>[HOST_PORT:]CONTAINER_PORT[/PROTOCOL]</c>; ranges and addresses are left to swarm as written.</summary>
    [GeneratedRegex(@"^(?:(?<host>\d+):)?(?<target>\d+)(?:/(?<protocol>tcp|udp|sctp))?$")]
    private static partial Regex ShortPort();
}
