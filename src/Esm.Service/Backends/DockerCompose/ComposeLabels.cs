namespace Esm.Service.Backends.DockerCompose;

/// <summary>The labels that tie engine resources to a project, a broker and an instance.</summary>
public static class ComposeLabels
{
    /// <summary>Set by compose itself on every container, network and volume of a project.</summary>
    public const string Project = "com.docker.compose.project";

    /// <summary>Set by compose on containers: the service a container runs.</summary>
    public const string Service = "com.docker.compose.service";

    /// <summary>Set by compose on containers of <c>compose run</c>, which are not the project's services.</summary>
    public const string OneOff = "com.docker.compose.oneoff";

    /// <summary>Set by ESM: the broker (ESM_COMPOSE_BROKER_ID) whose instance this is; the sweep's scope.</summary>
    public const string Broker = "esm.broker";

    /// <summary>Set by ESM: the instance id, so that the sweep can ask the store whether it still exists.</summary>
    public const string Instance = "esm.instance";

    /// <summary>Set by ESM: the identity of the store that records the instance; the sweep removes only its own store's.</summary>
    public const string Store = "esm.store";
}
