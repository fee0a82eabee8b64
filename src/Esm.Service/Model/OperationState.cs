namespace Esm.Service.Model;

public enum OperationState
{
    InProgress,
    Succeeded,
    Failed,
}
