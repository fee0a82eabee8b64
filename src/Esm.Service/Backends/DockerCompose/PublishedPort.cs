namespace Esm.Service.Backends.DockerCompose;

/// <summary>A container port published on the host.</summary>
public sealed record PublishedPort(int ContainerPort, string Protocol, string HostIp, int HostPort)
{
    public override string ToString() => $"{(HostIp.Contains(':', StringComparison.Ordinal) ? $"[{HostIp}]" : HostIp)}:{HostPort}->{ContainerPort}/{Protocol}";
}
