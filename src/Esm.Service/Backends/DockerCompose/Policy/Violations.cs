namespace Esm.Service.Backends.DockerCompose.Policy;

/// <summary>The policy's findings so far, each a sentence naming the key, the reason and the way to allow it.</summary>
public sealed class Violations(IReadOnlySet<string> allowed)
{
    /// <summary>Values are quoted in findings up to this length: a refusal names a value, it does not copy it.</summary>
    private const int QuotedLength = 60;

    private readonly List<string> _all = [];

    public IReadOnlyList<string> All => _all;

    /// <summary>Records a finding the operator can allow with <paramref name="exception"/>; with none, no configuration allows it.</summary>
    public void Refuse(string path, string reason, string? exception)
    {
        if (exception is null)
        {
            Never(path, reason);
        }
        else if (!allowed.Contains(exception))
        {
            _all.Add($"{path}: refused, {reason} (the operator can allow it with ESM_COMPOSE_ALLOW={exception})");
        }
    }

    /// <summary>Records a finding no configuration allows.</summary>
    public void Never(string path, string reason) => _all.Add($"{path}: refused, {reason}");

    /// <summary>Records interpolation where the policy must know the value; true when found.</summary>
    public bool Interpolated(string path, string value)
    {
        if (!value.Contains('$', StringComparison.Ordinal))
        {
            return false;
        }

        Never(path, $"'{Shorten(value)}' uses interpolation where the policy must know the value");
        return true;
    }

    public static string Shorten(string text) => text.Length <= QuotedLength ? text : text[..QuotedLength] + "...";
}
