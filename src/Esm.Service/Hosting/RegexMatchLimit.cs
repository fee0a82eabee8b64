using System.Text.RegularExpressions;

namespace Esm.Service.Hosting;

/// <summary>
/// A bound on every regular expression match in the process. The catalog's parameter schemas carry
/// operators' <c>pattern</c>s, which the schema validator matches against what a Platform sends
/// without a timeout of its own: a pattern with nested quantifiers (<c>^(a+)+$</c>) on a crafted
/// value would hold a request thread for minutes.
/// </summary>
public static class RegexMatchLimit
{
    /// <summary>Far beyond any sane pattern on a request-sized value; short enough not to stall the broker.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Sets the default match timeout. The runtime reads it once, when the first <see cref="Regex"/> is
    /// made, so this must run before anything else in the process; a value from runtimeconfig would
    /// arrive as a string, which the runtime refuses.
    /// </summary>
    public static void ApplyToProcess() => AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", Timeout);
}
