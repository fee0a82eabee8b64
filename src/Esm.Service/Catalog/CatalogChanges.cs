namespace Esm.Service.Catalog;

/// <summary>
/// One change of the catalog at a time in this process (the folder at start, an operator's
/// registration, removal or manifest): each is checked against the catalog as it stands and then
/// written, which must not interleave. Operator changes are rare, so waiting costs nothing;
/// compare-and-set on the records keeps replicas from overwriting each other.
/// </summary>
public sealed class CatalogChanges
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<T> OneAtATimeAsync<T>(Func<Task<T>> change, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            return await change();
        }
        finally
        {
            _one.Release();
        }
    }
}
