using System.Text.RegularExpressions;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>What one docker CLI call printed and how it ended.</summary>
/// <param name="Command">How the call is named in messages, e.g. <c>docker compose up</c>.</param>
public sealed partial record CliResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    private const int SummaryLength = 800;

    public bool Succeeded => ExitCode == 0;

    /// <summary>The end of what the CLI said on stderr (where it explains failures), without terminal escapes.</summary>
    public string ErrorSummary
    {
        get
        {
            var text = Readable(StandardError.Length > 0 ? StandardError : StandardOutput).Trim();
            return text.Length <= SummaryLength ? text : "..." + text[^SummaryLength..];
        }
    }

    /// <summary>This call's output, or a failure naming the command and the CLI's reason.</summary>
    public CliResult OrThrow() =>
        Succeeded ? this : throw new BackendException($"{Command} failed (exit code {ExitCode}): {ErrorSummary}");

    /// <summary>Removes terminal escapes and control characters, keeping line breaks.</summary>
    public static string Readable(string text) => TerminalNoise().Replace(text, string.Empty);

    [GeneratedRegex(@"\x1B\[[0-9;?]*[A-Za-z]|[\x00-\x08\x0B-\x1F\x7F]")]
    private static partial Regex TerminalNoise();
}
