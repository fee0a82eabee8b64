namespace Esm.Service.Broker;

/// <summary>
/// The rule of a create the Platform may send again (a provision, a bind): the insert comes
/// first, since a new id is the common case and the insert itself tells whether the id is taken.
/// Only then is the record under the id read: a live one answers the request (the same request
/// again, or a conflict), and a dead one (deleted, or left by an earlier instance of the id) is
/// written over. Each step is a compare-and-set, so a race with another writer only repeats it.
/// </summary>
/// <param name="Insert">Inserts the new record; null when the id is taken.</param>
/// <param name="Read">The record under the id now; null when it went away meanwhile.</param>
/// <param name="IsLive">Whether a record under the id answers the request rather than being written over.</param>
/// <param name="ReplaceDead">Writes the new record over a dead one; null when it changed meanwhile.</param>
public sealed record IdempotentCreate<T>(
    Func<CancellationToken, Task<T?>> Insert,
    Func<CancellationToken, Task<T?>> Read,
    Func<T, bool> IsLive,
    Func<T, CancellationToken, Task<T?>> ReplaceDead)
    where T : class
{
    /// <summary>The record this request stored, or the live one it found instead (to answer from).</summary>
    public async Task<(T? Stored, T? Existing)> RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await Insert(cancellationToken) is { } inserted)
            {
                return (inserted, null);
            }

            if (await Read(cancellationToken) is not { } existing)
            {
                continue;
            }

            if (IsLive(existing))
            {
                return (null, existing);
            }

            if (await ReplaceDead(existing, cancellationToken) is { } replaced)
            {
                return (replaced, null);
            }
        }
    }
}
