namespace Esm.Service.Operations;

/// <summary>
/// A backend's progress reports, written to the store one after another in the order reported,
/// without making the backend wait for the store.
/// </summary>
public sealed class StoredProgress(Func<string, Task> write) : IProgress<string>
{
    private readonly Lock _gate = new();
    private Task _writes = Task.CompletedTask;

    public void Report(string value)
    {
        lock (_gate)
        {
            // A lost progress line is harmless: the final outcome is written separately.
            _writes = _writes.ContinueWith(_ => write(value), TaskScheduler.Default).Unwrap().ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Waits until every report so far is written, so none lands after the outcome.</summary>
    public Task DrainAsync()
    {
        lock (_gate)
        {
            return _writes;
        }
    }
}
