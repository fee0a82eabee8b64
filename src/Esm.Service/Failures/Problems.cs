namespace Esm.Service.Failures;

/// <summary>
/// What is wrong with something a person wrote (a manifest, a plan's settings, a catalog entry):
/// every problem, each a sentence naming where. Validation returns one; an empty one means valid.
/// Callers decide what the problems amount to: a 400, a catalog that stops the start.
/// </summary>
public sealed class Problems
{
    private readonly List<string> _all = [];

    public static Problems None => new();

    public IReadOnlyList<string> All => _all;

    public bool Any => _all.Count > 0;

    public static Problems Of(params IEnumerable<string> problems)
    {
        var found = new Problems();
        found._all.AddRange(problems);
        return found;
    }

    public Problems Add(string problem)
    {
        _all.Add(problem);
        return this;
    }

    public Problems Add(Problems more)
    {
        _all.AddRange(more._all);
        return this;
    }

    /// <summary>Every problem in one line, as a refusal's description says them.</summary>
    public override string ToString() => string.Join("; ", _all);
}
