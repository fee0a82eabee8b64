namespace Esm.Bench.Scenarios;

/// <summary>
/// The existing instances the bind, fetch and last_operation scenarios work on, split between
/// the workers (worker w takes those at w, w + workers, ...): no two workers touch one instance
/// at a time, so no request is refused as a concurrent operation on it.
/// </summary>
internal sealed class TargetInstances
{
    private readonly IReadOnlyList<string> _ids;
    private readonly int _workers;

    public TargetInstances(IReadOnlyList<string> ids, int workers)
    {
        if (ids.Count < workers)
        {
            throw new ArgumentException($"{ids.Count} instances cannot give each of {workers} workers its own.", nameof(ids));
        }

        _ids = ids;
        _workers = workers;
    }

    public int Count => _ids.Count;

    /// <summary>One of the worker's instances, at random (cache misses included, as at a real Platform's scale).</summary>
    public string Pick(ScenarioWorker worker)
    {
        var perWorker = (_ids.Count - worker.Index + _workers - 1) / _workers;
        return _ids[worker.Index + (_workers * worker.Random.Next(perWorker))];
    }
}
