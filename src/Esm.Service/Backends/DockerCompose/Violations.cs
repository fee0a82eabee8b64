namespace Esm.Service.Backends.DockerCompose;

/// <summary>The policy's findings so far, each a sentence naming the key, the reason and the way to allow it.</summary>
public sealed class Violations(IReadOnlySet<string> allowed)
{
    private readonly List<string> _all = [];

    public IReadOnlyList<string> All => _all;

    /// <summary>Records a finding the operator can allow with <paramref name="exception"/>.</summary>
    public void Unless(string exception, bool found, string path, string reason)
    {
        if (found && !allowed.Contains(exception))
        {
            _all.Add($"{path}: refused, {reason} (the operator can allow it with ESM_COMPOSE_ALLOW={exception})");
        }
    }

    /// <summary>Records a finding no configuration allows.</summary>
    public void Always(string path, string reason) => _all.Add($"{path}: refused, {reason}");

    /// <summary>Records interpolation in a key the policy reads; true when found.</summary>
    public bool Interpolated(string path, string value)
    {
        if (!value.Contains('$', StringComparison.Ordinal))
        {
            return false;
        }

        _all.Add($"{path}: refused, '{value}' uses interpolation where the policy must know the value");
        return true;
    }
}
