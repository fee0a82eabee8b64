using System.Text;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// Writes variables in the format of compose's <c>--env-file</c>. Every value is double-quoted
/// with <c>\</c>, <c>"</c>, <c>$</c> and line breaks escaped, so that compose reads it back
/// exactly: no interpolation, no comment, no line break ends it early.
/// </summary>
public static class EnvFile
{
    /// <exception cref="BackendException">A value holds a NUL character, which no environment can carry.</exception>
    public static string Render(IReadOnlyDictionary<string, string> variables)
    {
        var file = new StringBuilder();
        foreach (var (name, value) in variables)
        {
            if (value.Contains('\0', StringComparison.Ordinal))
            {
                throw new BackendException($"The value of '{name}' holds a NUL character.", updateRepeatable: false);
            }

            file.Append(name).Append("=\"");
            foreach (var character in value)
            {
                file.Append(character switch
                {
                    '\\' => @"\\",
                    '"' => "\\\"",
                    '$' => "\\$",
                    '\n' => @"\n",
                    '\r' => @"\r",
                    '\t' => @"\t",
                    _ => character.ToString(),
                });
            }

            file.Append("\"\n");
        }

        return file.ToString();
    }
}
