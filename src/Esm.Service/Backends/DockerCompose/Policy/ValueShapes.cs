using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Esm.Service.Backends.DockerCompose.Policy;

/// <summary>
/// What a value of a compose file may look like, for <see cref="ComposeAllowlist"/>. A shape checks
/// a node and reports what does not fit; it also describes itself in a few words, which is how the
/// README's policy table is written from the same data the broker checks with.
/// </summary>
public abstract record ValueShape
{
    /// <summary>Reports every part of <paramref name="node"/> (at <paramref name="path"/>) that does not fit.</summary>
    public abstract void Check(string path, YamlNode node, Violations found);

    /// <summary>A short description for people, e.g. <c>true or false</c>.</summary>
    public abstract string Describe();
}

/// <summary>
/// A scalar whose text matches <see cref="Pattern"/>. Unless <see cref="Interpolated"/>, a
/// <c>$</c> is refused: the policy must know the value, and compose would only fill it in later.
/// </summary>
/// <param name="Description">What the pattern admits, in words.</param>
/// <param name="Pattern">The whole text must match; null admits any text.</param>
/// <param name="Interpolated">Whether <c>${VAR}</c> may appear (free text such as a command).</param>
/// <param name="OtherwiseAllowedBy">The exception that admits other values; null when none does.</param>
/// <param name="Exceptional">When set, only other values matching it can be admitted by the exception; the rest never.</param>
public sealed record Scalar(string Description, Regex? Pattern = null, bool Interpolated = false, string? OtherwiseAllowedBy = null, Regex? Exceptional = null)
    : ValueShape
{
    public override void Check(string path, YamlNode node, Violations found)
    {
        if (node is not YamlScalarNode { Value: var text })
        {
            found.Refuse(path, $"must be {Description}", OtherwiseAllowedBy);
            return;
        }

        text ??= string.Empty;
        if (!Interpolated && found.Interpolated(path, text))
        {
            return;
        }

        if (Pattern is not null && !Pattern.IsMatch(text))
        {
            var exception = Exceptional is null || Exceptional.IsMatch(text) ? OtherwiseAllowedBy : null;
            found.Refuse(path, $"'{Violations.Shorten(text)}' is not {Description}", exception);
        }
    }

    public override string Describe() => Description;
}

/// <summary>A list whose every item has the shape <see cref="Item"/>.</summary>
public sealed record ListOf(ValueShape Item) : ValueShape
{
    public override void Check(string path, YamlNode node, Violations found)
    {
        if (node is not YamlSequenceNode sequence)
        {
            found.Refuse(path, $"must be {Describe()}", null);
            return;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            Item.Check($"{path}[{i}]", sequence.Children[i], found);
        }
    }

    public override string Describe() => $"a list, each {Item.Describe()}";
}

/// <summary>A mapping whose keys match <see cref="KeyPattern"/> and whose values all have the shape <see cref="Value"/>.</summary>
/// <param name="KeyDescription">What the keys may be, in words.</param>
/// <param name="ReservedKey">Keys matching this are refused whatever the configuration (labels ESM and compose set).</param>
public sealed record MapOf(string KeyDescription, Regex KeyPattern, ValueShape Value, Regex? ReservedKey = null) : ValueShape
{
    public override void Check(string path, YamlNode node, Violations found)
    {
        if (node is not YamlMappingNode mapping)
        {
            found.Refuse(path, $"must be a mapping of {KeyDescription} to {Value.Describe()}", null);
            return;
        }

        foreach (var (key, value) in mapping.Entries())
        {
            if (ReservedKey?.IsMatch(key) == true)
            {
                found.Never($"{path}.{key}", "the name is reserved for compose and the broker");
            }
            else if (!KeyPattern.IsMatch(key))
            {
                found.Never($"{path}.{key}", $"'{Violations.Shorten(key)}' is not {KeyDescription}");
            }
            else
            {
                Value.Check($"{path}.{key}", value, found);
            }
        }
    }

    public override string Describe() => $"a mapping of {KeyDescription} to {Value.Describe()}";
}

/// <summary>
/// A mapping with the keys of <see cref="Keys"/> only; each key's rule says whether it is allowed
/// and in which shape. Keys starting with <c>x-</c> are compose's extension fields, which compose
/// itself ignores, so they may hold anything (anchors live there).
/// </summary>
/// <param name="NullAllowed">Whether an empty value (<c>data:</c>) stands for an empty mapping.</param>
/// <param name="OtherKeysAllowedBy">The exception that admits keys not in <see cref="Keys"/>; null when none does.</param>
public sealed record Fields(IReadOnlyList<KeyRule> Keys, bool NullAllowed = false, string? OtherKeysAllowedBy = null) : ValueShape
{
    public override void Check(string path, YamlNode node, Violations found)
    {
        if (NullAllowed && node.IsNull())
        {
            return;
        }

        if (node is not YamlMappingNode mapping)
        {
            found.Refuse(path, "must be a mapping", null);
            return;
        }

        foreach (var (key, value) in mapping.Entries())
        {
            var at = Join(path, key);
            if (key.StartsWith("x-", StringComparison.Ordinal))
            {
                continue;
            }

            if (Keys.FirstOrDefault(rule => rule.Key == key) is { } rule)
            {
                rule.Check(at, value, found);
            }
            else if (OtherKeysAllowedBy is not null)
            {
                found.Refuse(at, "not among the keys allowed here", OtherKeysAllowedBy);
            }
            else
            {
                found.Never(at, "not a key this policy knows (compose itself would refuse an unknown key)");
            }
        }

        foreach (var missing in Keys.Where(rule => rule.Required && mapping.Get(rule.Key) is null))
        {
            found.Never(Join(path, missing.Key), $"required: {missing.Shape!.Describe()}");
        }
    }

    public override string Describe() => "a mapping";

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}

/// <summary>One shape per kind of YAML node: a scalar, a list or a mapping.</summary>
public sealed record Either(ValueShape? Scalar = null, ValueShape? List = null, ValueShape? Mapping = null, bool NullAllowed = false) : ValueShape
{
    public override void Check(string path, YamlNode node, Violations found)
    {
        if (NullAllowed && node.IsNull())
        {
            return;
        }

        var shape = node switch
        {
            YamlScalarNode => Scalar,
            YamlSequenceNode => List,
            YamlMappingNode => Mapping,
            _ => null,
        };
        if (shape is null)
        {
            found.Refuse(path, $"must be {Describe()}", null);
            return;
        }

        shape.Check(path, node, found);
    }

    public override string Describe() =>
        string.Join("; or ", new[] { Scalar, List, Mapping }.OfType<ValueShape>().Select(s => s.Describe()).Append(NullAllowed ? "empty" : null).OfType<string>());
}
