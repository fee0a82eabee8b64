namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// Where an instance's start stands: how many of the services compose starts are running (and
/// healthy, where they have a healthcheck), or which container failed and why.
/// </summary>
public sealed record StartupState(
    int Ready, int Total, IReadOnlyList<string> Waiting, ContainerStatus? Failed, string? FailureReason, IReadOnlyList<ContainerStatus> Containers)
{
    public bool IsReady => Failed is null && Ready == Total;

    public string Progress => $"{Ready} of {Total} services running.";

    public static StartupState Of(ComposeManifest manifest, IReadOnlyList<ContainerStatus> containers)
    {
        var ready = 0;
        var waiting = new List<string>();
        foreach (var service in manifest.Services.Where(manifest.Started.Contains))
        {
            var own = containers.Where(c => c.Service == service && !c.OneOff).ToList();
            foreach (var container in own)
            {
                if (FailureOf(container, manifest.Jobs.Contains(service)) is { } reason)
                {
                    return new StartupState(ready, manifest.Started.Count, waiting, container, $"Service '{service}' {reason}.", containers);
                }
            }

            if (own.Count > 0 && own.All(c => IsDone(c, manifest.Jobs.Contains(service))))
            {
                ready++;
            }
            else
            {
                var detail = own.Count == 0 ? "not created" : string.Join(", ", own.Select(c => c.Health is null ? c.State : $"{c.State}, health {c.Health}"));
                waiting.Add($"{service} ({detail})");
            }
        }

        return new StartupState(ready, manifest.Started.Count, waiting, null, null, containers);
    }

    private static string? FailureOf(ContainerStatus container, bool isJob) => container switch
    {
        { HasStopped: true, ExitCode: 0 } when isJob => null,
        { HasStopped: true } => $"exited with code {container.ExitCode}",
        { State: "restarting" } => $"keeps restarting (last exit code {container.ExitCode})",
        { Health: "unhealthy" } => "is unhealthy",
        _ => null,
    };

    private static bool IsDone(ContainerStatus container, bool isJob) =>
        isJob ? container is { HasStopped: true, ExitCode: 0 } : container.IsRunning && container.Health is null or "healthy";
}
