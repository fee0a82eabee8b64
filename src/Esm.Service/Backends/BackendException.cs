namespace Esm.Service.Backends;

/// <summary>A backend operation that failed, with what the Platform is told about the instance.</summary>
public sealed class BackendException(string message, bool instanceUsable = true, bool updateRepeatable = true, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>For failed updates and deprovisions: whether the instance still works.</summary>
    public bool InstanceUsable { get; } = instanceUsable;

    /// <summary>For failed updates: whether repeating it can succeed.</summary>
    public bool UpdateRepeatable { get; } = updateRepeatable;
}
