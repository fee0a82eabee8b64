using System.Text.RegularExpressions;

namespace Esm.Service.Contract;

/// <summary>Phrases System.Text.Json's reading errors as "field: what is wrong", for people.</summary>
public static partial class JsonErrorMessages
{
    /// <param name="path">Where the error is, as System.Text.Json reports it ("$.plans[0]"), if known.</param>
    /// <param name="message">System.Text.Json's message.</param>
    public static string Describe(string? path, string message)
    {
        var location = path?.TrimStart('$').TrimStart('.') ?? string.Empty;
        var missing = MissingProperties().Match(message);
        if (missing.Success)
        {
            return $"{(location.Length > 0 ? location + "." : string.Empty)}{missing.Groups[1].Value}: required";
        }

        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return $"{(location.Length > 0 ? location : "(document)")}: {(end > 0 ? message[..end] : message)}";
    }

    [GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial Regex MissingProperties();
}
