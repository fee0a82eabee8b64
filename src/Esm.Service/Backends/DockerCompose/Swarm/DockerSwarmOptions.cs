using Microsoft.Extensions.Configuration;

namespace Esm.Service.Backends.DockerCompose.Swarm;

/// <summary>
/// The swarm backend's own setting; everything else (DOCKER_HOST, the manifest policy's
/// exceptions, the broker id, the timeouts) it shares with the compose backend, ESM_COMPOSE_*.
/// </summary>
public sealed class DockerSwarmOptions
{
    /// <summary>
    /// <c>${host}</c> in credentials and endpoints; unset, the address of the node that runs the
    /// instance's first task, as the node advertises it to the swarm (host-mode ports answer there).
    /// </summary>
    [ConfigurationKeyName("ESM_SWARM_ADVERTISED_HOST")]
    public string? AdvertisedHost { get; set; }
}
