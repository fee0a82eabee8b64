namespace Esm.Service.Backends;

/// <summary>
/// Whether a backend finishes an operation within the request (blocking: 200/201) or needs
/// polling (deferred: 202, and 422 AsyncRequired when the Platform cannot poll).
/// </summary>
public enum ExecutionMode
{
    Blocking,
    Deferred,
}
