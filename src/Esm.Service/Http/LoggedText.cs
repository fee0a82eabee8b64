using System.Text.Encodings.Web;

namespace Esm.Service.Http;

/// <summary>
/// A value from a request as it may appear in a log line. Ids, headers and the descriptions that
/// quote them are the client's text: a line break in one could forge a log line, an escape
/// sequence could drive the terminal of whoever reads the log, and a megabyte of digits would
/// only bury the lines around it.
/// </summary>
public static class LoggedText
{
    /// <summary>Longer text is cut here, with the number of characters left out.</summary>
    public const int MaximumLength = 1024;

    /// <summary>
    /// The value with long quotes and numbers shortened (<see cref="EchoedValues"/>), cut at
    /// <see cref="MaximumLength"/>, and JSON-escaped (\n, \u001B) if it holds a control character.
    /// </summary>
    public static string Of(string value)
    {
        var shortened = EchoedValues.Shortened(value);
        var shown = shortened.Length <= MaximumLength ? shortened : $"{shortened[..MaximumLength]}... ({shortened.Length - MaximumLength} more characters)";
        return shown.AsSpan().ContainsAnyInRange('\u0000', '\u001F') || shown.AsSpan().ContainsAnyInRange('\u007F', '\u009F')
            ? JavaScriptEncoder.Default.Encode(shown)
            : shown;
    }
}
