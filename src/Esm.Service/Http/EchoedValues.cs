using System.Text.RegularExpressions;

namespace Esm.Service.Http;

/// <summary>
/// A client's values quoted back in a message: a refusal's description (and so the log line that
/// records it) names what was wrong without copying it whole. A quoted value longer than a few
/// dozen characters, and any run of more than 32 digits (a number no field can hold, which parsers
/// like to quote in their own words), keep their start only.
/// </summary>
public static partial class EchoedValues
{
    public static string Shortened(string message) =>
        LongNumber().Replace(LongQuote().Replace(message, quote => $"'{quote.Groups[1].Value}...'"), number => $"{number.Value[..16]}... ({number.Length} digits)");

    /// <summary>A quote opens after no letter or digit (so not the apostrophe of "plan's") and closes before none.</summary>
    [GeneratedRegex(@"(?<![\p{L}\d])'([^']{32})[^']{8,}'(?![\p{L}\d])")]
    private static partial Regex LongQuote();

    [GeneratedRegex(@"\d{33,}")]
    private static partial Regex LongNumber();
}
