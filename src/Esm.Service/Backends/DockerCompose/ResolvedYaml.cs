using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// Compose YAML as compose will see it: aliases expanded into copies and merge keys (<c>&lt;&lt;</c>)
/// applied. The policy checks this tree and ESM writes this tree, so no anchor or merge can hide
/// a key from the check or mean something else to compose's own parser.
/// </summary>
public static class ResolvedYaml
{
    /// <summary>Aliases can expand a small file exponentially ("billion laughs"); beyond this it is refused.</summary>
    public const int MaximumNodes = 100_000;

    /// <summary>Compose files nest a few levels; far deeper nesting would only exhaust the stack.</summary>
    public const int MaximumDepth = 64;

    private const string CoreTagPrefix = "tag:yaml.org,2002:";
    private const string MergeKey = "<<";

    /// <exception cref="InvalidManifestException">Not one YAML document whose root is a mapping, or not resolvable.</exception>
    public static YamlMappingNode Load(string content)
    {
        var stream = new YamlStream();
        try
        {
            CheckDepth(content);
            stream.Load(new StringReader(content));
        }
        catch (Exception e) when (e is YamlException or ArgumentException)
        {
            throw new InvalidManifestException($"the compose file is not valid YAML: {e.Message}", e);
        }

        if (stream.Documents.Count != 1)
        {
            throw new InvalidManifestException($"the compose file must hold exactly one YAML document (it has {stream.Documents.Count})");
        }

        return Resolve(stream.Documents[0].RootNode, new NodeBudget()) as YamlMappingNode
            ?? throw new InvalidManifestException("the compose file must be a mapping (services, volumes, networks...)");
    }

    /// <summary>Reads the events only (no recursion) to refuse nesting that would overflow the stack when the tree is built.</summary>
    private static void CheckDepth(string content)
    {
        var parser = new Parser(new StringReader(content));
        var depth = 0;
        while (parser.MoveNext())
        {
            if (parser.Current is YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart && ++depth > MaximumDepth)
            {
                throw new InvalidManifestException($"the compose file nests deeper than {MaximumDepth} levels (near {parser.Current.Start})");
            }

            if (parser.Current is YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd)
            {
                depth--;
            }
        }
    }

    /// <summary>An independent copy of a resolved tree, to change without touching the original.</summary>
    public static YamlMappingNode Copy(YamlMappingNode root) => (YamlMappingNode)Resolve(root, new NodeBudget());

    public static string Save(YamlMappingNode root)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static YamlNode Resolve(YamlNode node, NodeBudget budget)
    {
        // Aliases are shared references in the loaded tree; a self-referencing one would recurse forever.
        using var level = budget.Enter(node);
        CheckTag(node);
        return node switch
        {
            YamlScalarNode scalar => new YamlScalarNode(scalar.Value) { Style = scalar.Style, Tag = scalar.Tag },
            YamlSequenceNode sequence => new YamlSequenceNode(sequence.Children.Select(child => Resolve(child, budget))) { Style = YamlDotNet.Core.Events.SequenceStyle.Block },
            YamlMappingNode mapping => ResolveMapping(mapping, budget),
            _ => throw new InvalidManifestException($"unsupported YAML node at {node.Start}"),
        };
    }

    private static YamlMappingNode ResolveMapping(YamlMappingNode mapping, NodeBudget budget)
    {
        var result = new YamlMappingNode { Style = YamlDotNet.Core.Events.MappingStyle.Block };
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var merged = new List<YamlNode>();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } scalarKey)
            {
                throw new InvalidManifestException($"a mapping key at {key.Start} is not a plain string");
            }

            if (IsMergeKey(scalarKey))
            {
                merged.Add(value);
                continue;
            }

            if (!keys.Add(name))
            {
                throw new InvalidManifestException($"duplicate key '{name}' at {key.Start}");
            }

            result.Add(Resolve(scalarKey, budget), Resolve(value, budget));
        }

        // YAML's merge: explicit keys win, then earlier merged mappings over later ones.
        foreach (var source in merged.SelectMany(MergedMappings))
        {
            foreach (var (key, value) in ((YamlMappingNode)Resolve(source, budget)).Children)
            {
                if (keys.Add(((YamlScalarNode)key).Value!))
                {
                    result.Add(key, value);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// A plain <c>&lt;&lt;</c>, or one tagged <c>!!merge</c>. A quoted one is the string key "&lt;&lt;",
    /// which the policy refuses like any other unknown key; its tag is the non-specific <c>!</c>,
    /// whose value YamlDotNet will not read.
    /// </summary>
    private static bool IsMergeKey(YamlScalarNode key) =>
        key.Value == MergeKey
        && (key.Style is ScalarStyle.Plain or ScalarStyle.Any
            || (!key.Tag.IsEmpty && !key.Tag.IsNonSpecific && key.Tag.Value == CoreTagPrefix + "merge"));

    private static IEnumerable<YamlMappingNode> MergedMappings(YamlNode value) => value switch
    {
        YamlMappingNode mapping => [mapping],
        YamlSequenceNode sequence when sequence.Children.All(c => c is YamlMappingNode) => sequence.Children.Cast<YamlMappingNode>(),
        _ => throw new InvalidManifestException($"the merge key at {value.Start} must be given a mapping or a list of mappings"),
    };

    /// <summary>Local tags (compose's <c>!reset</c>, <c>!override</c>, or any other) change meaning where ESM cannot follow.</summary>
    private static void CheckTag(YamlNode node)
    {
        var tag = node.Tag;
        if (!tag.IsEmpty && !tag.IsNonSpecific && !tag.Value.StartsWith(CoreTagPrefix, StringComparison.Ordinal))
        {
            throw new InvalidManifestException($"the YAML tag '{tag.Value}' at {node.Start} is not accepted");
        }
    }

    private sealed class NodeBudget
    {
        private int _left = MaximumNodes;
        private int _depth;

        public Level Enter(YamlNode node)
        {
            if (--_left < 0)
            {
                throw new InvalidManifestException($"the compose file expands to more than {MaximumNodes} YAML nodes (near {node.Start}); aliases repeat too much");
            }

            if (++_depth > MaximumDepth)
            {
                throw new InvalidManifestException($"the compose file nests deeper than {MaximumDepth} levels once aliases are expanded (near {node.Start})");
            }

            return new Level(this);
        }

        public readonly struct Level(NodeBudget budget) : IDisposable
        {
            public void Dispose() => budget._depth--;
        }
    }
}
