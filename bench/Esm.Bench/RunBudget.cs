using System.Diagnostics;

namespace Esm.Bench;

/// <summary>The bound of the whole run: what no longer fits in it is skipped and said so, never silently cut.</summary>
internal sealed class RunBudget(TimeSpan budget)
{
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    public TimeSpan Elapsed => _elapsed.Elapsed;

    public TimeSpan Remaining => budget - _elapsed.Elapsed;

    public bool Allows(TimeSpan work) => Remaining >= work;

    public string SkipReason => $"skipped: the run's time budget ({budget.TotalSeconds:0} s, --budget) is spent";
}
