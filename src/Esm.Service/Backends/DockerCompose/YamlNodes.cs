using YamlDotNet.RepresentationModel;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>Reading a resolved compose tree (see <see cref="ResolvedYaml"/>), where every key is a unique string.</summary>
public static class YamlNodes
{
    public static YamlNode? Get(this YamlMappingNode mapping, string key) =>
        mapping.Children.FirstOrDefault(pair => ((YamlScalarNode)pair.Key).Value == key).Value;

    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlMappingNode mapping) =>
        mapping.Children.Select(pair => (((YamlScalarNode)pair.Key).Value!, pair.Value));

    /// <summary>A scalar's text; null for anything else.</summary>
    public static string? Text(this YamlNode? node) => node is YamlScalarNode scalar ? scalar.Value ?? string.Empty : null;

    /// <summary>The scalars of a node and of everything under it.</summary>
    public static IEnumerable<YamlScalarNode> Scalars(this YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar],
        YamlSequenceNode sequence => sequence.Children.SelectMany(Scalars),
        YamlMappingNode mapping => mapping.Children.SelectMany(pair => pair.Key.Scalars().Concat(pair.Value.Scalars())),
        _ => [],
    };

    /// <summary>Whether a value is YAML's null (absent, <c>~</c>, <c>null</c> or empty).</summary>
    public static bool IsNull(this YamlNode? node) =>
        node is null || (node is YamlScalarNode { Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) } scalar
            && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL");
}
