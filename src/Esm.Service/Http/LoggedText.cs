using System.Text.Encodings.Web;

namespace Esm.Service.Http;

/// <summary>
/// A value from a request as it may appear in a log line. Ids, headers and the descriptions that
/// quote them are the client's text: a line break in one could forge a log line, and an escape
/// sequence could drive the terminal of whoever reads the log.
/// </summary>
public static class LoggedText
{
    /// <summary>The value itself when it has no control character; otherwise JSON-escaped (\n, \u001B).</summary>
    public static string Of(string value) =>
        value.AsSpan().ContainsAnyInRange('\u0000', '\u001F') || value.AsSpan().ContainsAnyInRange('\u007F', '\u009F')
            ? JavaScriptEncoder.Default.Encode(value)
            : value;
}
