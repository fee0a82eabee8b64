namespace Esm.Service.Tests.Hostile;

/// <summary>How a hostile value is put in a URL.</summary>
public enum WireEncoding
{
    /// <summary>Percent-encoded: the value arrives as itself (but "." and "..", which URLs resolve away).</summary>
    Escaped,

    /// <summary>As it is: "/", "?", "#", "\" and ".." change the route or the query, as a careless client would.</summary>
    Raw,

    /// <summary>Percent-encoded twice, dots too: the broker receives the value percent-encoded once, e.g. a literal %2F or %2E%2E.</summary>
    DoubleEscaped,
}

/// <summary>Puts values on the wire in a <see cref="WireEncoding"/>.</summary>
public static class Wire
{
    public static string Encode(string value, WireEncoding encoding) => encoding switch
    {
        WireEncoding.Escaped => Uri.EscapeDataString(value),
        WireEncoding.Raw => value,
        _ => Uri.EscapeDataString(Uri.EscapeDataString(value).Replace(".", "%2E", StringComparison.Ordinal)),
    };

    /// <summary>
    /// Whether a value in a path segment arrives at the broker's routing at all: a NUL is refused
    /// by the HTTP server itself (Kestrel, and the in-process test server alike) before any of
    /// the broker's code runs.
    /// </summary>
    public static bool ReachesBroker(string value, WireEncoding encoding) => encoding switch
    {
        WireEncoding.DoubleEscaped => true,
        WireEncoding.Escaped => !value.Contains('\0', StringComparison.Ordinal),
        _ => !value.Contains('\0', StringComparison.Ordinal) && !value.Contains("%00", StringComparison.Ordinal),
    };

    /// <summary>
    /// Whether a value in a path segment stays inside that segment: a dot segment is resolved
    /// away by URL normalization however it is escaped, and raw separators split the segment.
    /// </summary>
    public static bool StaysInSegment(string value, WireEncoding encoding) => encoding switch
    {
        WireEncoding.DoubleEscaped => true,
        WireEncoding.Escaped => value is not ("." or ".."),
        _ => false,
    };
}
