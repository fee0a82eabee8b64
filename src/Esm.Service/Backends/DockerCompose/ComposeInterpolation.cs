using System.Text;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// Compose's variable substitution, done by the broker for tools that would otherwise take the
/// variables from their own process environment (<c>docker stack deploy</c>): putting a request's
/// parameters there would let a parameter named PATH or HOME steer the docker CLI. Supports
/// <c>$NAME</c>, <c>${NAME}</c>, <c>${NAME:-default}</c>, <c>${NAME-default}</c>,
/// <c>${NAME:?error}</c>, <c>${NAME?error}</c>, <c>${NAME:+alternative}</c>, <c>${NAME+alternative}</c>
/// (nested in the default, error or alternative) and <c>$$</c>. The result writes every literal
/// <c>$</c> as <c>$$</c>, so that a tool interpolating it again yields exactly the substituted text.
/// </summary>
public static class ComposeInterpolation
{
    /// <exception cref="InvalidManifestException">An unterminated <c>${</c>, a name that is not a variable name, or a <c>?</c> whose variable is missing.</exception>
    public static string Apply(string text, IReadOnlyDictionary<string, string> variables)
    {
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '$' || i + 1 == text.Length)
            {
                result.Append(text[i] == '$' ? "$$" : text[i].ToString());
                i++;
            }
            else if (text[i + 1] == '$')
            {
                result.Append("$$");
                i += 2;
            }
            else if (text[i + 1] == '{')
            {
                var end = ClosingBrace(text, i + 2);
                result.Append(Braced(text[(i + 2)..end], variables));
                i = end + 1;
            }
            else if (IsNameStart(text[i + 1]))
            {
                var end = i + 2;
                while (end < text.Length && IsNamePart(text[end]))
                {
                    end++;
                }

                result.Append(Escaped(variables.GetValueOrDefault(text[(i + 1)..end], string.Empty)));
                i = end;
            }
            else
            {
                result.Append("$$");
                i++;
            }
        }

        return result.ToString();
    }

    private static string Braced(string inner, IReadOnlyDictionary<string, string> variables)
    {
        var nameEnd = 0;
        while (nameEnd < inner.Length && (nameEnd == 0 ? IsNameStart(inner[nameEnd]) : IsNamePart(inner[nameEnd])))
        {
            nameEnd++;
        }

        var name = inner[..nameEnd];
        if (name.Length == 0)
        {
            throw new InvalidManifestException($"'${{{inner}}}' does not start with a variable name");
        }

        var rest = inner[nameEnd..];
        var isSet = variables.TryGetValue(name, out var value);
        var isSetAndNotEmpty = isSet && value!.Length > 0;
        string Word(int length) => Apply(rest[length..], variables);
        return rest switch
        {
            "" => Escaped(value ?? string.Empty),
            _ when rest.StartsWith(":-", StringComparison.Ordinal) => isSetAndNotEmpty ? Escaped(value!) : Word(2),
            _ when rest.StartsWith(":?", StringComparison.Ordinal) => isSetAndNotEmpty ? Escaped(value!) : throw Missing(name, rest[2..]),
            _ when rest.StartsWith(":+", StringComparison.Ordinal) => isSetAndNotEmpty ? Word(2) : string.Empty,
            _ when rest[0] == '-' => isSet ? Escaped(value!) : Word(1),
            _ when rest[0] == '?' => isSet ? Escaped(value!) : throw Missing(name, rest[1..]),
            _ when rest[0] == '+' => isSet ? Word(1) : string.Empty,
            _ => throw new InvalidManifestException($"'${{{inner}}}': '{rest}' is not one of :- - :? ? :+ +"),
        };
    }

    private static InvalidManifestException Missing(string name, string message) =>
        new($"the variable '{name}' is required{(message.Length > 0 ? $": {message}" : string.Empty)}");

    /// <summary>The index of the <c>}</c> that closes the <c>${</c> whose content starts at <paramref name="start"/>, past nested ones.</summary>
    private static int ClosingBrace(string text, int start)
    {
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '$')
            {
                i++;
            }
            else if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                depth++;
                i++;
            }
            else if (text[i] == '}' && depth-- == 0)
            {
                return i;
            }
        }

        throw new InvalidManifestException($"'{text}' opens a variable with ${{ and does not close it");
    }

    private static string Escaped(string value) => value.Replace("$", "$$", StringComparison.Ordinal);

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
