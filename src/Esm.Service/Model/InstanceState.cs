namespace Esm.Service.Model;

public enum InstanceState
{
    Provisioning,
    Ready,

    /// <summary>Provisioning failed; only a deprovision (orphan mitigation) is accepted.</summary>
    ProvisionFailed,
    Deprovisioning,

    /// <summary>Deleted asynchronously; kept so that last_operation can answer 410 Gone.</summary>
    Deleted,
}
