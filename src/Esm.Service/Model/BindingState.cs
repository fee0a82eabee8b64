namespace Esm.Service.Model;

public enum BindingState
{
    Binding,
    Ready,
    BindFailed,
    Unbinding,

    /// <summary>Deleted asynchronously; kept so that last_operation can answer 410 Gone.</summary>
    Deleted,
}
