namespace Esm.Service.Model;

public enum OperationKind
{
    Provision,
    Update,
    Deprovision,
    Bind,
    Unbind,

    /// <summary>An operator's re-creation of an instance's backend resources from its stored request.</summary>
    Recreate,

    /// <summary>
    /// The orphan sweep's claim on an instance id the store no longer has while it removes what a
    /// backend left of it; run by the sweep itself, never by the operation worker.
    /// </summary>
    RemoveOrphan,
}
