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
}
