namespace Esm.Service.Model;

public enum OperationKind
{
    Provision,
    Update,
    Deprovision,
    Bind,
    Unbind,
}
